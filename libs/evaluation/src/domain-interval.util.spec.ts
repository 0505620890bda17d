import { Series } from '@fleetgate/common';
import { signalLevels, signalLevelsWithBlocks } from '@fleetgate/inference';
import { screenSd, withDomainIntervals } from './domain-interval.util';
import { domainChecks } from './domain.util';
import { THRESHOLDS } from './thresholds';
import { decideVerdict, VerdictInput } from './verdict.util';

const MIN = 60_000;
const DAY = 86_400_000;

/** Deterministic N(0,1) stream (Park–Miller uniforms, Box–Muller). */
function normals(n: number, seed: number): Float64Array {
  let s = seed;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

/**
 * `days` days of 1-minute readings: minute noise σ 1, a daily cycle of amplitude 1 and a
 * day-to-day offset of σ `dayOffset` shared by the day's hours (load, weather), around `level`.
 */
function machine(days: number, seed: number, level = 50, dayOffset = 0.3): Series {
  const noise = normals(days * 1440, seed);
  const offsets = normals(days, seed + 1);
  const values = Float32Array.from(noise, (z, i) => level + dayOffset * offsets[Math.floor(i / 1440)] + Math.sin((2 * Math.PI * i) / 1440) + z);
  return { startMs: 0, intervalMs: MIN, values };
}

const base: Omit<VerdictInput, 'domain'> = {
  missingSignals: [],
  usableFraction: 1,
  healthyWindows: 500,
  healthyAlarmRate: 0,
  pilotAlarmRate: 0.01,
  performance: null,
};

/** The rule without the screen, for specs that look at the intervals themselves. */
// (THRESHOLDS is `as const`: its numbers are literal types, hence the cast.)
const UNSCREENED = { ...THRESHOLDS, borderline: { ...THRESHOLDS.borderline, screen: { resamples: [], risk: 1e-10 } } } as unknown as typeof THRESHOLDS;

function judge(series: Series, pilot: Record<string, { mean: number; std: number }>, key = 'M-1', excluded: Array<[number, number]> = [], t = UNSCREENED) {
  const { levels, blocks } = signalLevelsWithBlocks(['t'], { t: series }, excluded);
  const checks = withDomainIntervals(domainChecks(levels, pilot), blocks, pilot, key, t);
  return { check: checks[0], verdict: decideVerdict({ ...base, domain: checks }) };
}

describe('withDomainIntervals', () => {
  const pilotSeries = machine(30, 11);
  const [p] = signalLevels(['t'], { t: pilotSeries });
  const pilot = { t: { mean: p.mean, std: p.std } };

  it('a pilot compared with its own levels (10, 20, 30 days of stationary data) is in domain: both intervals inside the bounds', () => {
    for (const days of [10, 20, 30]) {
      const s = { ...pilotSeries, values: pilotSeries.values.subarray(0, days * 1440) };
      const [own] = signalLevels(['t'], { t: s });
      const { check, verdict } = judge(s, { t: { mean: own.mean, std: own.std } }, `pilot-${days}`);
      expect(check).toMatchObject({ levelShiftSigma: 0, spreadRatio: 1, days, status: 'in' });
      expect(check.levelShiftInterval![1]).toBeLessThan(1);
      expect(check.spreadRatioInterval![0]).toBeLessThanOrEqual(1);
      expect(check.spreadRatioInterval![1]).toBeGreaterThanOrEqual(1);
      expect(verdict.verdict).toBe('generalizes');
    }
  });

  it('gives a machine one pilot σ away (on the bound) a borderline verdict, three σ away out, a third in', () => {
    const at = (shift: number) => machine(30, 21, p.mean + shift * p.std);
    const onBound = judge(at(1), pilot);
    expect(onBound.check.status).toBe('borderline');
    expect(onBound.check.levelShiftInterval![0]).toBeLessThan(1);
    expect(onBound.check.levelShiftInterval![1]).toBeGreaterThan(1);
    expect(onBound.verdict.verdict).toBe('borderline');
    expect(onBound.verdict.reasons[0]).toMatch(/^t: healthy level \d\.\d\d σ from the pilot's, 90 % interval .* over 30 healthy days straddles the bound 1: /);
    expect(judge(at(3), pilot).verdict.verdict).toBe('out-of-domain');
    expect(judge(at(0.3), pilot).verdict.verdict).toBe('generalizes');
  });

  it('is wider when whole days move together: the day offsets, not the hour count, set the width', () => {
    const calm = judge(machine(30, 31, p.mean + 0.5 * p.std, 0.05), pilot).check.levelShiftInterval!;
    const moving = judge(machine(30, 31, p.mean + 0.5 * p.std, 0.5), pilot).check.levelShiftInterval!;
    expect(moving[1] - moving[0]).toBeGreaterThan(3 * (calm[1] - calm[0]));
  });

  it('gives the same intervals for the same machine key and other draws for another', () => {
    const s = machine(20, 41, p.mean + 0.8 * p.std);
    const a = judge(s, pilot, 'M-7').check;
    expect(judge(s, pilot, 'M-7').check).toEqual(a);
    expect(judge(s, pilot, 'M-8').check.levelShiftInterval).not.toEqual(a.levelShiftInterval);
  });

  it('forms no interval below ten healthy days (the point estimate decides) and counts only kept days', () => {
    const s = machine(14, 51);
    const short = judge(s, pilot, 'M-1', [[0, 5 * DAY]]).check;
    expect(short.days).toBe(9);
    expect(short.levelShiftInterval).toBeUndefined();
    expect(short.spreadRatioInterval).toBeUndefined();
    expect(short.status).toBe('in');
    const enough = judge(s, pilot, 'M-1', [[0, 4 * DAY]]).check;
    expect(enough.days).toBe(10);
    expect(enough.levelShiftInterval).toBeDefined();
  });

  it('screens: a signal far from every bound is decided by its estimate without the full bootstrap, with the same status', () => {
    const far = machine(30, 41, p.mean + 0.1 * p.std);
    const screened = judge(far, pilot, 'M-9', [], THRESHOLDS).check;
    const full = judge(far, pilot, 'M-9').check;
    expect(screened).toMatchObject({ farFromBounds: true, status: 'in', days: 30 });
    expect(screened.levelShiftInterval).toBeUndefined();
    expect(full.status).toBe('in');
    expect(full.levelShiftInterval![1]).toBeLessThan(1);
    // Near a bound the screen lets the full bootstrap run: the same interval as without it.
    const near = machine(30, 41, p.mean + 0.95 * p.std);
    expect(judge(near, pilot, 'M-9', [], THRESHOLDS).check).toEqual(judge(near, pilot, 'M-9').check);
  });

  it("looks again after 50 and 100 resamples: a check only the longer looks settle keeps the full bootstrap's status, without an interval", () => {
    const oneLook = { ...THRESHOLDS, borderline: { ...THRESHOLDS.borderline, screen: { resamples: [25], risk: 1e-10 } } } as unknown as typeof THRESHOLDS;
    for (const [shift, status] of [
      [0.84, 'in'],
      [1.1, 'out'],
    ] as const) {
      const m = machine(30, 41, p.mean + shift * p.std);
      const staged = judge(m, pilot, 'M-9', [], THRESHOLDS).check;
      const single = judge(m, pilot, 'M-9', [], oneLook).check;
      const full = judge(m, pilot, 'M-9').check;
      expect(staged).toMatchObject({ farFromBounds: true, status });
      expect(staged.levelShiftInterval).toBeUndefined();
      expect(single).toEqual(full);
      expect(full.status).toBe(status);
    }
  });

  it('settles at k·SD with k = z·√((r − 1)/q), q the χ² quantile at the risk: the published screen and the old single look', () => {
    const k = (r: number) => screenSd(r, 0.9, 1e-10);
    expect(k(1)).toBe(Infinity);
    // Figures computed apart from this code (the incomplete gamma's series, bisection): 1.6449·√((r − 1)/q).
    expect(k(15)).toBeCloseTo(12.163, 2);
    expect(k(25)).toBeCloseTo(6.265, 2);
    expect(k(50)).toBeCloseTo(3.76, 2);
    expect(k(100)).toBeCloseTo(2.813, 2);
    // The one look used before (k = 6 at 25) had a risk of P(χ²₂₄ < 24·(1.645/6)²) = 2.6e-10.
    expect(screenSd(25, 0.9, 2.64e-10)).toBeCloseTo(6, 2);
  });

  it('leaves a check without a level (no data, no pilot figure) without intervals, and out', () => {
    const [check] = withDomainIntervals([{ signal: 'x', levelShiftSigma: NaN, spreadRatio: NaN }], new Map(), pilot, 'M-1');
    expect(check).toEqual({ signal: 'x', levelShiftSigma: NaN, spreadRatio: NaN, status: 'out' });
  });
});
