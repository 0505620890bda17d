import { decideVerdict, extraDays, trainingVerdict, VerdictInput, VERDICTS } from './verdict.util';

const base: VerdictInput = {
  missingSignals: [],
  usableFraction: 0.95,
  healthyWindows: 500,
  domain: [{ signal: 'vibration_rms', levelShiftSigma: 0.4, spreadRatio: 1.2 }],
  healthyAlarmRate: 0.01,
  pilotAlarmRate: 0.01,
  performance: null,
};

describe('decideVerdict', () => {
  it('generalizes inside the envelope', () => {
    expect(decideVerdict(base).verdict).toBe('generalizes');
  });

  it('names a missing signal as insufficient data', () => {
    const v = decideVerdict({ ...base, missingSignals: ['pressure'] });
    expect(v.verdict).toBe('insufficient-data');
    expect(v.reasons[0]).toContain('pressure');
  });

  it('is out of domain past one pilot σ of level or a factor two of spread, naming the signal', () => {
    expect(decideVerdict({ ...base, domain: [{ signal: 'flow', levelShiftSigma: 1.2, spreadRatio: 1 }] })).toMatchObject({
      verdict: 'out-of-domain',
      reasons: [expect.stringContaining('flow')],
    });
    expect(decideVerdict({ ...base, domain: [{ signal: 'flow', levelShiftSigma: 0.1, spreadRatio: 2.3 }] }).verdict).toBe('out-of-domain');
    expect(decideVerdict({ ...base, domain: [{ signal: 'flow', levelShiftSigma: 0.1, spreadRatio: 0.45 }] }).verdict).toBe('out-of-domain');
    expect(decideVerdict({ ...base, domain: [{ signal: 'flow', levelShiftSigma: 0.99, spreadRatio: 1.99 }] }).verdict).toBe('generalizes');
  });

  it('is degraded on poor labelled recall or a healthy alarm rate far above the pilot', () => {
    const perf = { failures: 4, detected: 1, recall: 0.25, precision: 0.5, falseAlarmsPer1000h: 1, medianLeadTimeHours: 10, auroc: 0.6 };
    expect(decideVerdict({ ...base, performance: perf }).verdict).toBe('degraded');
    expect(decideVerdict({ ...base, healthyAlarmRate: 0.3 }).reasons[0]).toContain('30.0 %');
  });

  it('is degraded on a machine whose only labelled failure the model missed, not on one it caught', () => {
    const missed = { failures: 1, detected: 0, recall: 0, precision: 0, falseAlarmsPer1000h: 1, medianLeadTimeHours: NaN, auroc: 0.9 };
    const v = decideVerdict({ ...base, performance: missed, pilotRecall: 1 });
    expect(v).toEqual({ verdict: 'degraded', reasons: ["recall 0.0 % on 1 labelled failure (min 50.0 %; the pilot's own 100.0 %)"] });
    const caught = decideVerdict({ ...base, performance: { ...missed, detected: 1, recall: 1, precision: 1, medianLeadTimeHours: 20 }, pilotRecall: 1 });
    expect(caught.verdict).toBe('generalizes');
    // No labelled failure: nothing to judge recall by.
    expect(decideVerdict({ ...base, performance: { ...missed, failures: 0 }, pilotRecall: 1 }).verdict).toBe('generalizes');
  });

  it("judges poor recall against the pilot's own: as good as the pilot is not degraded, worse is", () => {
    const perf = { failures: 4, detected: 1, recall: 0.25, precision: 0.5, falseAlarmsPer1000h: 1, medianLeadTimeHours: 10, auroc: 0.6 };
    // The pilot itself caught 1 of 4 on its training data: the pilot evaluated on that data is not degraded.
    expect(decideVerdict({ ...base, performance: perf, pilotRecall: 0.25 }).verdict).toBe('generalizes');
    const worse = decideVerdict({ ...base, performance: perf, pilotRecall: 0.4 });
    expect(worse.verdict).toBe('degraded');
    expect(worse.reasons[0]).toBe("recall 25.0 % on 4 labelled failures (min 50.0 %; the pilot's own 40.0 %)");
    // Above the minimum, the pilot's recall does not matter.
    expect(decideVerdict({ ...base, performance: { ...perf, detected: 3, recall: 0.75 }, pilotRecall: 1 }).verdict).toBe('generalizes');
  });
});

describe('decideVerdict: borderline (day-block intervals straddling a bound)', () => {
  const straddling = {
    signal: 'flow',
    levelShiftSigma: 0.8,
    spreadRatio: 1,
    days: 20,
    levelShiftInterval: [0.5, 1.2] as [number, number],
    spreadRatioInterval: [0.9, 1.1] as [number, number],
  };

  it('is borderline when an interval straddles a bound and nothing is clearly out, saying what would settle it', () => {
    const v = decideVerdict({ ...base, domain: [base.domain[0], straddling] });
    expect(v.verdict).toBe('borderline');
    // Half-width towards the bound 1.2 − 0.8 = 0.4, distance 0.2: 20·(0.4/0.2)² − 20 = 60 more days.
    expect(v.reasons).toEqual([
      "flow: healthy level 0.80 σ from the pilot's, 90 % interval 0.50–1.20 over 20 healthy days straddles the bound 1: about 60 more healthy days would settle it",
    ]);
  });

  it('stays out of domain when another signal is clearly out, whatever straddles', () => {
    const out = {
      signal: 'pressure',
      levelShiftSigma: 3,
      spreadRatio: 1,
      days: 20,
      levelShiftInterval: [2.5, 3.5] as [number, number],
      spreadRatioInterval: [0.9, 1.1] as [number, number],
    };
    const v = decideVerdict({ ...base, domain: [straddling, out] });
    expect(v.verdict).toBe('out-of-domain');
    expect(v.reasons).toEqual(["pressure: healthy level 3.00 σ from the pilot's (max 1) (90 % interval 2.50–3.50)"]);
  });

  it('judges by the interval, not the point: a point past the bound with an interval across it is borderline, an interval inside is in', () => {
    const past = { ...straddling, levelShiftSigma: 1.1, levelShiftInterval: [0.9, 1.3] as [number, number] };
    expect(decideVerdict({ ...base, domain: [past] }).verdict).toBe('borderline');
    const inside = { ...straddling, levelShiftSigma: 0.5, levelShiftInterval: [0.3, 0.7] as [number, number] };
    expect(decideVerdict({ ...base, domain: [inside] }).verdict).toBe('generalizes');
  });

  it('checks the spread against both bounds', () => {
    // Estimate 0.55 above the bound 0.5: half-width 0.55 − 0.45 = 0.1, distance 0.05 → 10·4 − 10 = 30 more days.
    const spread = {
      signal: 'amps',
      levelShiftSigma: 0.1,
      spreadRatio: 0.55,
      days: 10,
      levelShiftInterval: [0, 0.2] as [number, number],
      spreadRatioInterval: [0.45, 0.7] as [number, number],
    };
    expect(decideVerdict({ ...base, domain: [spread] }).reasons).toEqual([
      "amps: spread 0.55× the pilot's, 90 % interval 0.45–0.70 over 10 healthy days straddles the bound 0.5: about 30 more healthy days would settle it",
    ]);
    const wide = { ...spread, spreadRatio: 1.9, spreadRatioInterval: [2.5, 3] as [number, number] };
    expect(decideVerdict({ ...base, domain: [wide] }).verdict).toBe('out-of-domain');
  });

  it('asks for a shadow period when the estimate sits on the bound or waiting would take more than 90 days', () => {
    const onBound = { ...straddling, levelShiftSigma: 1, levelShiftInterval: [0.8, 1.2] as [number, number] };
    expect(decideVerdict({ ...base, domain: [onBound] }).reasons[0]).toMatch(
      /straddles the bound 1: the estimate sits on the bound, so a shadow period \(score it live and judge by its alarms\) would settle it$/,
    );
    // 30·(0.25/0.05)² − 30 = 720 more days: beyond 90.
    const slow = { ...straddling, levelShiftSigma: 0.95, days: 30, levelShiftInterval: [0.7, 1.2] as [number, number] };
    expect(decideVerdict({ ...base, domain: [slow] }).reasons[0]).toMatch(/more than 90 more days would be needed, so a shadow period/);
  });

  it('puts insufficient data first and performance after the domain', () => {
    expect(decideVerdict({ ...base, healthyWindows: 3, domain: [straddling] }).verdict).toBe('insufficient-data');
    const perf = { failures: 4, detected: 1, recall: 0.25, precision: 0.5, falseAlarmsPer1000h: 1, medianLeadTimeHours: 10, auroc: 0.6 };
    expect(decideVerdict({ ...base, performance: perf, domain: [straddling] }).verdict).toBe('borderline');
  });
});

describe('extraDays', () => {
  it('is ceil(days·(halfWidth/distance)²) − days, at least one, Infinity on the bound', () => {
    expect(extraDays(0.8, [0.5, 1.2], 1, 20)).toBe(60);
    expect(extraDays(1.1, [0.9, 1.3], 1, 20)).toBe(60); // estimate past the bound: half-width 1.1 − 0.9 = 0.2 over distance 0.1
    expect(extraDays(0.8, [0.6, 1.0], 1, 20)).toBe(1); // the interval ends on the bound
    expect(extraDays(1, [0.9, 1.1], 1, 20)).toBe(Infinity);
  });
});

describe('trainingVerdict', () => {
  it('makes a training machine `training` whatever its figures say, keeping what they would say held out', () => {
    const r = trainingVerdict({
      verdict: 'generalizes',
      reasons: ['healthy levels and spreads within the pilot envelope', 'recall 100.0 % on 3 labelled failures'],
    });
    expect(r.verdict).toBe('training');
    expect(r.reasons[0]).toMatch(/^a training machine of this version: its figures are in-sample/);
    expect(r.reasons[1]).toBe(
      'as a held-out machine its figures would read generalizes: healthy levels and spreads within the pilot envelope; recall 100.0 % on 3 labelled failures',
    );
    expect(trainingVerdict({ verdict: 'out-of-domain', reasons: [] }).reasons[1]).toBe('as a held-out machine its figures would read out-of-domain');
  });

  it('is a verdict reports count', () => {
    expect(VERDICTS).toContain('training');
  });
});
