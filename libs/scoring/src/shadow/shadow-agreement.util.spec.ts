import { alarmsBeforeFailures, averageRanks, countAgreement, ShadowWindow, spearman, sumAgreement } from './shadow-agreement.util';

const w = (windowEndMs: number, productionAlarm: boolean, candidateAlarm: boolean, productionScore = 0, candidateScore = 0): ShadowWindow => ({
  windowEndMs,
  productionScore,
  candidateScore,
  productionAlarm,
  candidateAlarm,
});

describe('countAgreement', () => {
  it('counts both / production only / candidate only / neither and the agreement share', () => {
    const a = countAgreement([w(1, true, true), w(2, true, false), w(3, false, true), w(4, false, false), w(5, false, false)]);
    expect(a).toEqual({ windows: 5, both: 1, productionOnly: 1, candidateOnly: 1, neither: 2, agreement: 3 / 5 });
  });

  it('has no agreement figure without windows', () => {
    expect(countAgreement([]).agreement).toBeNull();
  });

  it('sums machines into a segment', () => {
    const s = sumAgreement([countAgreement([w(1, true, true)]), countAgreement([w(1, true, false), w(2, false, false)])]);
    expect(s).toEqual({ windows: 3, both: 1, productionOnly: 1, candidateOnly: 0, neither: 1, agreement: 2 / 3 });
  });
});

describe('spearman', () => {
  it('matches the textbook IQ / hours of TV example (ρ = −29/165)', () => {
    // Wikipedia, "Spearman's rank correlation coefficient", worked example (no ties): ρ = 1 − 6·194/(10·99) = −29/165.
    const iq = [106, 86, 100, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 0, 27, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  it('gives ties their average rank (Pearson of ranks, as scipy.stats.spearmanr)', () => {
    // ranks y = [1, 2, 3.5, 5, 3.5]; Σdxdy = 8, Σdx² = 10, Σdy² = 9.5 → 8 / √95 = 0.8207826816681233.
    expect(averageRanks([5, 6, 7, 8, 7])).toEqual([1, 2, 3.5, 5, 3.5]);
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
  });

  it('is 1 for any increasing transform and null when a side is constant or too short', () => {
    expect(spearman([0.1, 0.5, 0.2, 3], [1, 25, 4, 900])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
  });
});

describe('alarmsBeforeFailures', () => {
  it('credits a version whose alarm was open within the horizon before a failure', () => {
    const windows = [w(10, false, true), w(20, true, true), w(90, false, false)];
    // failure at 25 (horizon 20: windows 10 and 20 count) and at 100 (only window 90 counts).
    expect(alarmsBeforeFailures(windows, [25, 100], 20)).toEqual({ failures: 2, production: 1, candidate: 1 });
  });
});
