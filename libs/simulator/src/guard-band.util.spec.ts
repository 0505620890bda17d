import { DOMAIN_GUARD_BAND, outsideGuardBand } from './healthy-params.util';
import { planFleet } from './fleet-plan.util';
import { CANONICAL_SIGNALS } from './signal-catalog.util';

const pilot = { mean: 100, sigma: 2 };

describe('outsideGuardBand', () => {
  it('moves a level just inside the 1 σ boundary to the inner edge of the band, and just outside to the outer edge', () => {
    expect(outsideGuardBand({ mean: 101.9, sigma: 2 }, pilot).mean).toBeCloseTo(100 + 2 * (1 - DOMAIN_GUARD_BAND.levelSigmas), 10);
    expect(outsideGuardBand({ mean: 97.8, sigma: 2 }, pilot).mean).toBeCloseTo(100 - 2 * (1 + DOMAIN_GUARD_BAND.levelSigmas), 10);
  });

  it('moves a spread near ×0.5 out of the band keeping its side, and one near ×2 inward', () => {
    expect(outsideGuardBand({ mean: 100, sigma: 3.9 }, pilot).sigma).toBeCloseTo((2 * 2) / 1.1, 10);
    expect(outsideGuardBand({ mean: 100, sigma: 4.1 }, pilot).sigma).toBeCloseTo((2 * 2) / 1.1, 10);
    expect(outsideGuardBand({ mean: 100, sigma: 0.98 }, pilot).sigma).toBeCloseTo((2 * 0.5) / 1.1, 10);
    expect(outsideGuardBand({ mean: 100, sigma: 1.02 }, pilot).sigma).toBeCloseTo(2 * 0.5 * 1.1, 10);
  });

  it('leaves parameters away from the boundary alone', () => {
    expect(outsideGuardBand({ mean: 100.6, sigma: 2.5 }, pilot)).toEqual({ mean: 100.6, sigma: 2.5 });
  });

  it('leaves no planted machine inside the band', () => {
    for (const seed of [1, 7, 23]) {
      const plan = planFleet({ machines: 200, days: 1, seed });
      for (const m of plan.machines.filter((x) => !x.isPilot)) {
        for (const s of CANONICAL_SIGNALS) {
          const d = m.domain[s];
          expect(Math.abs(Math.abs(d.meanShiftSigmas) - 1)).toBeGreaterThanOrEqual(DOMAIN_GUARD_BAND.levelSigmas - 1e-9);
          for (const limit of [0.5, 2]) expect(Math.abs(Math.log(d.sigmaRatio / limit))).toBeGreaterThanOrEqual(DOMAIN_GUARD_BAND.spreadLogRatio - 1e-9);
        }
      }
    }
  });
});
