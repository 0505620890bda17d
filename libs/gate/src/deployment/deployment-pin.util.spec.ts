import { decodeAssessment, encodeAssessment, MachineAssessment } from '@fleetgate/evaluation';
import {
  baselineResetReason,
  decodePinnedBaseline,
  deploymentPin,
  encodePinnedBaseline,
  manifestThreshold,
  suspensionAfterApproval,
} from './deployment-pin.util';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;

const normalization = {
  method: 'per-machine-baseline',
  baseline: {
    fromMs: T0,
    toMs: T0 + 14 * DAY,
    source: 'explicit',
    explicitVersion: 2,
    signals: [
      { signal: 'vibration_rms', level: 2.5, spread: 0.4, hours: 300 },
      { signal: 'bearing_temp', level: 61, spread: 0, hours: 300 },
    ],
    valid: true,
    reasons: [],
  },
  calibrationEndMs: T0 + 14 * DAY,
};

/** A stored result as the evaluator writes it and the EvaluationReader decodes it (null → NaN on the way back). */
function roundTrip(extra: Record<string, unknown>): unknown {
  const base = { verdict: 'generalizes', reasons: [], coverage: {}, quality: [], domain: [], drift: {}, output: {}, performance: null };
  return decodeAssessment(encodeAssessment({ ...base, ...extra } as unknown as MachineAssessment));
}

describe('manifestThreshold', () => {
  it("reads the version's output.threshold, and null when the manifest states none", () => {
    expect(manifestThreshold('{"output":{"name":"prob","higherIsWorse":true,"threshold":0.37}}')).toBe(0.37);
    expect(manifestThreshold('{"name":"pump","task":"failure-probability"}')).toBeNull();
    expect(manifestThreshold('not json')).toBeNull();
    expect(manifestThreshold(null)).toBeNull();
  });
});

describe('deploymentPin', () => {
  it('pins no baseline and the version threshold for a raw model or a run from before pins', () => {
    expect(deploymentPin(roundTrip({}), 0.5)).toEqual({ baseline: null, threshold: 0.5, thresholdMode: 'version' });
    expect(deploymentPin(null, 0.5)).toEqual({ baseline: null, threshold: 0.5, thresholdMode: 'version' });
    expect(deploymentPin(undefined, null)).toEqual({ baseline: null, threshold: null, thresholdMode: 'version' });
  });

  it("pins the machine's baseline and its own threshold when the evaluation applied one", () => {
    const pin = deploymentPin(roundTrip({ normalization, threshold: { mode: 'per-machine', value: 0.82, applied: true, quantile: 0.99, count: 400 } }), 0.5);
    expect(pin).toEqual({
      baseline: {
        method: 'per-machine-baseline',
        source: 'explicit',
        explicitVersion: 2,
        fromMs: T0,
        toMs: T0 + 14 * DAY,
        valid: true,
        reasons: [],
        signals: [
          { signal: 'vibration_rms', level: 2.5, spread: 0.4, hours: 300 },
          { signal: 'bearing_temp', level: 61, spread: 0, hours: 300 },
        ],
        calibrationEndMs: T0 + 14 * DAY,
      },
      threshold: 0.82,
      thresholdMode: 'per-machine',
    });
  });

  it("falls back to the version's threshold when the per-machine one was not applied (no valid baseline)", () => {
    const pin = deploymentPin(roundTrip({ normalization, threshold: { mode: 'per-machine', value: 0.82, applied: false, reason: 'no valid baseline' } }), 0.5);
    expect(pin).toMatchObject({ threshold: 0.5, thresholdMode: 'version' });
    expect(deploymentPin(roundTrip({ threshold: { mode: 'version', value: 0.5, applied: true } }), 0.5)).toMatchObject({
      threshold: 0.5,
      thresholdMode: 'version',
    });
  });

  it('reads the automatic baseline (explicitVersion null survives the NaN decoding) and per-regime without a period', () => {
    const auto = deploymentPin(
      roundTrip({ normalization: { ...normalization, baseline: { ...normalization.baseline, source: 'auto', explicitVersion: null } } }),
      0.5,
    );
    expect(auto.baseline).toMatchObject({ source: 'auto', explicitVersion: null });
    const regime = deploymentPin(roundTrip({ normalization: { method: 'per-regime', calibrationEndMs: T0 } }), 0.5);
    expect(regime.baseline).toEqual({
      method: 'per-regime',
      source: null,
      explicitVersion: null,
      fromMs: null,
      toMs: null,
      valid: null,
      reasons: [],
      signals: [],
      calibrationEndMs: T0,
    });
  });

  it('treats fields of the wrong shape as absent, and a flat signal’s spread that decodes as NaN as null', () => {
    expect(deploymentPin({ normalization: 'per-machine-baseline', threshold: { mode: 'per-machine', value: 'high', applied: true } }, 0.5)).toEqual({
      baseline: null,
      threshold: 0.5,
      thresholdMode: 'version',
    });
    const flat = deploymentPin(
      { normalization: { ...normalization, baseline: { ...normalization.baseline, signals: [{ signal: 's', level: 1, spread: NaN, hours: 10 }, 3] } } },
      0.5,
    );
    expect(flat.baseline?.signals).toEqual([{ signal: 's', level: 1, spread: null, hours: 10 }]);
  });

  it("pins a per-regime baseline's levels for each regime, a regime without hours as null", () => {
    const regimeLevels = [
      [{ signal: 'vibration_rms', level: 2.1, spread: 0.3, hours: 120 }],
      [{ signal: 'vibration_rms', level: NaN, spread: NaN, hours: 10 }],
    ];
    const pin = deploymentPin(roundTrip({ normalization: { ...normalization, baseline: { ...normalization.baseline, regimeLevels } } }), 0.9);
    expect(pin.baseline!.regimeLevels).toEqual([
      [{ signal: 'vibration_rms', level: 2.1, spread: 0.3, hours: 120 }],
      [{ signal: 'vibration_rms', level: null, spread: null, hours: 10 }],
    ]);
    expect(decodePinnedBaseline(encodePinnedBaseline(pin.baseline))!.regimeLevels).toEqual(pin.baseline!.regimeLevels);
    expect(deploymentPin(roundTrip({ normalization }), 0.9).baseline).not.toHaveProperty('regimeLevels');
  });

  it('stores the baseline as canonical JSON text and reads it back', () => {
    const pin = deploymentPin(roundTrip({ normalization }), 0.5);
    const text = encodePinnedBaseline(pin.baseline)!;
    expect(text.startsWith('{"calibrationEndMs":')).toBe(true);
    expect(decodePinnedBaseline(text)).toEqual(pin.baseline);
    expect(encodePinnedBaseline(null)).toBeNull();
    expect(decodePinnedBaseline(null)).toBeNull();
  });
});

describe('suspensionAfterApproval', () => {
  const latest = { version: 2, fromMs: T0, toMs: T0 + 14 * DAY, createdAt: T0 + 20 * DAY, createdBy: 'rel' };
  const raw = deploymentPin(null, 0.5);

  it('lets the row serve when the machine has no explicit baseline', () => {
    expect(suspensionAfterApproval(null, { runId: 'r', runCreatedAt: 0, evaluated: false, pin: raw })).toBeNull();
  });

  it('lets it serve when the evidence evaluated the machine with that baseline version, or was started after it was set', () => {
    const used = deploymentPin({ normalization }, 0.5);
    expect(suspensionAfterApproval(latest, { runId: 'r', runCreatedAt: T0, evaluated: true, pin: used })).toBeNull();
    expect(suspensionAfterApproval(latest, { runId: 'r', runCreatedAt: latest.createdAt + 1, evaluated: true, pin: raw })).toBeNull();
  });

  it('keeps it suspended, saying why, when the evidence predates the baseline or did not evaluate the machine', () => {
    expect(suspensionAfterApproval(latest, { runId: 'r1', runCreatedAt: latest.createdAt - 1, evaluated: true, pin: raw })).toBe(
      'baseline reset to 2026-03-01T00:00:00.000Z–2026-03-15T00:00:00.000Z (v2) by rel: re-evaluate before it serves again — evidence run r1 was started before it was set',
    );
    expect(suspensionAfterApproval(latest, { runId: 'r2', runCreatedAt: latest.createdAt + 1, evaluated: false, pin: raw })).toMatch(
      /evidence run r2 did not evaluate this machine$/,
    );
  });

  it('words the reset reason as the brief asks', () => {
    expect(baselineResetReason({ version: 3, fromMs: T0, toMs: T0 + DAY }, 'rel')).toBe(
      'baseline reset to 2026-03-01T00:00:00.000Z–2026-03-02T00:00:00.000Z (v3) by rel: re-evaluate before it serves again',
    );
  });
});
