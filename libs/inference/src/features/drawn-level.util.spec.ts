import { join } from 'node:path';
import { assembledFromSource } from '@fleetgate/stats';
import { loadDrawn } from './drawn-level.util';
import { groupedSorted, levelOfDrawn } from './signal-levels.util';

/** Park–Miller: the same draws on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Hours of `days` groups of `perDay` (the last day may be short), grouped and sorted as the borderline intervals do. */
function signal(days: number, perDay: number, mean: (i: number, r: () => number) => number, std: (i: number, r: () => number) => number, seed = 3) {
  const r = lcg(seed);
  const n = days * perDay - (perDay > 1 ? 1 : 0);
  const group = Uint32Array.from({ length: n }, (_, i) => Math.floor(i / perDay));
  return {
    days,
    means: groupedSorted(
      Float64Array.from({ length: n }, (_, i) => mean(i, r)),
      group,
    ),
    stds: groupedSorted(
      Float64Array.from({ length: n }, (_, i) => std(i, r)),
      group,
    ),
  };
}

/** `resamples` draws of `days` days with replacement, and a few edge cases (one day drawn every time; nothing drawn). */
function draws(days: number, resamples: number, seed = 11): Uint32Array[] {
  const r = lcg(seed);
  const out = Array.from({ length: resamples }, () => {
    const d = new Uint32Array(days);
    for (let k = 0; k < days; k++) d[Math.floor(r() * days)]++;
    return d;
  });
  const single = new Uint32Array(days);
  single[days - 1] = days;
  return [...out, single, new Uint32Array(days)];
}

/** Compares the module with `levelOfDrawn` bit for bit (Object.is: −0, NaN) over the draws. */
function expectSame(s: ReturnType<typeof signal>, resamples = 200): void {
  const levels = loadDrawn(s.means, s.stds);
  let compared = 0;
  for (const d of draws(s.days, resamples)) {
    levels.drawn.set(d);
    const got = levels.level();
    const want = levelOfDrawn(s.means, s.stds, d);
    if (!Object.is(got.mean, want.mean) || !Object.is(got.std, want.std))
      throw new Error(`draw ${d.join(',')}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    compared++;
  }
  expect(compared).toBe(resamples + 2);
}

describe('loadDrawn (levelOfDrawn in WebAssembly)', () => {
  it('gives levelOfDrawn to the bit on 90 days of hours with a daily cycle', () => {
    expectSame(
      signal(
        90,
        24,
        (i, r) => 100 + Math.sin((2 * Math.PI * i) / 24) + 0.3 * r(),
        (_, r) => 0.5 + 0.1 * r(),
      ),
    );
  });

  it('and on large levels, negative values and signed zeros', () => {
    expectSame(
      signal(
        40,
        24,
        (i, r) => 1e9 + 1e-3 * r() - (i % 7),
        (_, r) => 1e-6 * r(),
      ),
    );
    expectSame(
      signal(
        20,
        24,
        (i, r) => (i % 5 === 0 ? -0 : i % 5 === 1 ? 0 : -10 * r()),
        (i) => (i % 2 ? 0 : -0),
      ),
    );
  });

  it('and on quantised hours, where the MAD is 0 and the trimmed mean deviation decides', () => {
    // 14 of 24 hours a day at 392: the median absolute deviation is 0 on most resamples.
    const day = [...Array(5).fill(391), ...Array(14).fill(392), ...Array(5).fill(393)];
    expectSame(
      signal(
        30,
        24,
        (i) => day[i % 24],
        (i) => i % 3,
      ),
    );
    expectSame(
      signal(
        12,
        24,
        () => 518.67,
        () => 0,
      ),
    );
  });

  it('and on groups of one hour and of odd sizes (medians of even and odd counts)', () => {
    expectSame(
      signal(
        50,
        1,
        (_, r) => r(),
        (_, r) => r(),
      ),
    );
    expectSame(
      signal(
        17,
        23,
        (_, r) => Math.round(10 * r()),
        (_, r) => r(),
      ),
    );
  });

  it('refuses a signal that another load has replaced', () => {
    const a = signal(
      10,
      24,
      (_, r) => r(),
      (_, r) => r(),
    );
    const first = loadDrawn(a.means, a.stds);
    loadDrawn(a.means, a.stds);
    expect(() => first.level()).toThrow(/another signal has been loaded/);
  });

  it('runs the module assembled from its source', async () => {
    // If this fails, the .wat was edited without `npm run build:wasm`.
    expect(await assembledFromSource(join(__dirname, 'drawn-level.wat'))).toBe(true);
  });
});
