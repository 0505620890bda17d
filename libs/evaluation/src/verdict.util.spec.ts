import { decideVerdict, VerdictInput } from './verdict.util';

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
