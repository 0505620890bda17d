import { domainChecks } from './domain.util';
import { decideVerdict, VerdictInput } from './verdict.util';

const level = (signal: string, mean: number, std: number) => ({ signal, mean, std, hours: 100 });

describe('domainChecks', () => {
  it('gives the two effect sizes of a varying signal: |Δ level| / pilot σ and σ / pilot σ', () => {
    // (11 − 10) / 2 = 0.5; 3 / 2 = 1.5
    expect(domainChecks([level('flow', 11, 3)], { flow: { mean: 10, std: 2 } })).toEqual([{ signal: 'flow', levelShiftSigma: 0.5, spreadRatio: 1.5 }]);
  });

  it('holds the spread to the within-machine σ of pooled training machines, the level to their pooled σ', () => {
    // Training machines at levels 0 and 10, each σ 1: pooled σ √26, within σ 1. A machine at 4 with σ 1.2 is in.
    const [c] = domainChecks([level('flow', 4, 1.2)], { flow: { mean: 5, std: Math.sqrt(26), withinStd: 1 } });
    expect(c.levelShiftSigma).toBeCloseTo(1 / Math.sqrt(26), 12);
    expect(c.spreadRatio).toBeCloseTo(1.2, 12);
  });

  it('puts a machine at the same constant as a flat pilot in domain, without a NaN', () => {
    // C-MAPSS sensor 1 is 518.67 on every engine: σ 0 on both sides.
    expect(domainChecks([level('cmapss_s1', 518.67, 0)], { cmapss_s1: { mean: 518.67, std: 0 } })).toEqual([
      { signal: 'cmapss_s1', levelShiftSigma: 0, spreadRatio: 1, pilotFlat: true },
    ]);
  });

  it('measures a flat pilot signal against the flat tolerance, 1e-6 of the level', () => {
    const pilot = { s: { mean: 518.67, std: 0 } };
    // Within the tolerance: floor = 1e-6 × 518.6702 = 5.186702e-4; shift 2e-4 / 5.186702e-4 = 0.3856.
    const [inside] = domainChecks([level('s', 518.6702, 0)], pilot);
    expect(inside.levelShiftSigma).toBeCloseTo(0.3856, 4);
    expect(inside.spreadRatio).toBe(1);
    // One quantisation step away (518.68): floor 5.1868e-4, shift 0.01 / 5.1868e-4 = 19.28.
    expect(domainChecks([level('s', 518.68, 0)], pilot)[0].levelShiftSigma).toBeCloseTo(19.28, 2);
    // Same level, but the machine's reading moves (σ 0.5): 0.5 / 5.1867e-4 = 964.0× the floor.
    expect(domainChecks([level('s', 518.67, 0.5)], pilot)[0].spreadRatio).toBeCloseTo(964.0, 1);
  });

  it('leaves an ordinary spread alone: the floor only matters below 1e-6 of the level', () => {
    // C-MAPSS sensor 8: σ 0.03 at 2388 is 1.3e-5 of its level, 12× the floor.
    const [c] = domainChecks([level('s8', 2388.06, 0.045)], { s8: { mean: 2388.03, std: 0.03 } });
    expect(c.levelShiftSigma).toBeCloseTo(1, 6);
    expect(c.spreadRatio).toBeCloseTo(1.5, 10);
    expect(c.pilotFlat).toBeUndefined();
  });

  it('handles a pilot flat at exactly zero: equal is in, anything else is out (never NaN)', () => {
    const pilot = { z: { mean: 0, std: 0 } };
    expect(domainChecks([level('z', 0, 0)], pilot)[0]).toEqual({ signal: 'z', levelShiftSigma: 0, spreadRatio: 1, pilotFlat: true });
    const [moving] = domainChecks([level('z', 0, 0.1)], pilot);
    expect(moving.spreadRatio).toBe(Infinity);
    // Level 0.001 against 0: floor 1e-9, shift 1e6 σ.
    expect(domainChecks([level('z', 0.001, 0)], pilot)[0].levelShiftSigma).toBeCloseTo(1e6, 0);
  });

  it('says NaN only when there is nothing to compare (no pilot level, or no healthy data)', () => {
    expect(domainChecks([level('x', 1, 1)], {})[0]).toEqual({ signal: 'x', levelShiftSigma: NaN, spreadRatio: NaN });
    expect(domainChecks([level('x', NaN, NaN)], { x: { mean: 1, std: 1 } })[0].levelShiftSigma).toBeNaN();
  });
});

describe('decideVerdict on flat pilot signals', () => {
  const base: Omit<VerdictInput, 'domain'> = {
    missingSignals: [],
    usableFraction: 0.95,
    healthyWindows: 500,
    healthyAlarmRate: 0.01,
    pilotAlarmRate: 0.01,
    performance: null,
  };
  const verdict = (mean: number, std: number) =>
    decideVerdict({ ...base, domain: domainChecks([level('cmapss_s1', mean, std)], { cmapss_s1: { mean: 518.67, std: 0 } }) });

  it('generalizes at the same constant', () => {
    expect(verdict(518.67, 0).verdict).toBe('generalizes');
  });

  it('is out of domain at another constant, or when the signal moves, saying the pilot was flat', () => {
    expect(verdict(518.68, 0)).toEqual({
      verdict: 'out-of-domain',
      reasons: ["cmapss_s1: flat on the pilot, and the healthy level differs from the pilot's constant (not within 1e-6 of its magnitude)"],
    });
    expect(verdict(518.67, 0.5).reasons).toEqual(['cmapss_s1: flat on the pilot, but varies here (spread 964.00× the flat tolerance)']);
  });
});
