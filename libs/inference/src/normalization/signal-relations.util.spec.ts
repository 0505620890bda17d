import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { normalStream, ar1, dailyCycle, minuteSeries, T0 } from './normalization-test-data.fixture';
import { compareSignalRelations, pearson, signalRelations } from './signal-relations.util';

// numpy 2.4: np.corrcoef(np.diff([a, b, c, d], axis=1)) of these values stored as float32 (as Series hold them).
const A = [3.1, 4.7, 2.2, 5.9, 6.3, 1.8, 4.4, 5.1, 3.9, 2.7];
const B = [10, 12.5, 9.1, 14.2, 15.8, 8.4, 11.9, 13.3, 12.1, 9.9];
const C = [7.2, 5.1, 8.8, 4.4, 3.9, 9.6, 6.0, 4.8, 6.9, 8.1];
const D = [1, 3, 2, 5, 4, 1, 2, 3, 5, 4];
const NUMPY = [
  [1, 0.9895359728909691, -0.9948324508228172, 0.8056866972828234],
  [0.9895359728909691, 1, -0.9794434645916688, 0.8117315388214965],
  [-0.9948324508228171, -0.9794434645916688, 1, -0.7644240401358144],
  [0.8056866972828234, 0.8117315388214966, -0.7644240401358144, 1],
];

const hourly = (values: number[]) => ({ startMs: T0, intervalMs: HOUR_MS, values: Float32Array.from(values) });

describe('pearson and signalRelations against numpy', () => {
  it('gives numpy.corrcoef of the hour-to-hour changes on hourly series (one sample per hour: the hourly mean is the value)', () => {
    const r = signalRelations(['a', 'b', 'c', 'd'], { a: hourly(A), b: hourly(B), c: hourly(C), d: hourly(D) });
    expect(r.hours).toBe(9);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(r.correlation[i * 4 + j]).toBeCloseTo(NUMPY[i][j], 12);
  });

  it('does not lose digits to a large level', () => {
    // np.corrcoef(a + 1e6, b)[0, 1] = 0.9877593286140247 on the float64 values.
    expect(
      pearson(
        A.map((x) => x + 1e6),
        B,
      ),
    ).toBeCloseTo(0.9877593286140247, 9);
  });

  it('recovers a constructed correlation ρ within 3/√n', () => {
    const z = normalStream(5);
    const n = 4000;
    for (const rho of [-0.8, 0, 0.3, 0.9]) {
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = z();
        y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * z();
      }
      expect(Math.abs(pearson(x, y) - rho)).toBeLessThan(3 / Math.sqrt(n));
    }
  });

  it('uses only changes between consecutive hours every signal has, and marks a flat signal NaN', () => {
    const a = hourly(A);
    const b = hourly(B);
    b.values[3] = NaN;
    const r = signalRelations(['a', 'b', 'flat'], { a, b, flat: hourly(A.map(() => 7)) });
    // Hour 3 is missing on b: the changes 2→3 and 3→4 are gone, 7 of 9 remain.
    expect(r.hours).toBe(7);
    const pairs = [0, 1, 4, 5, 6, 7, 8];
    const change = (xs: number[], i: number) => Math.fround(xs[i + 1]) - Math.fround(xs[i]);
    expect(r.correlation[1]).toBeCloseTo(
      pearson(
        pairs.map((i) => change(A, i)),
        pairs.map((i) => change(B, i)),
      ),
      12,
    );
    expect(r.correlation[2]).toBeNaN();
    expect(r.correlation[8]).toBeNaN();
    expect(r.varianceRatio[2]).toBeNaN();
  });
});

describe('the per-machine-baseline domain check', () => {
  const FIVE_MIN = 300_000;
  const n = (28 * DAY_MS) / FIVE_MIN;

  /**
   * Load follows a daily cycle plus slow wander (~8 h); temperature answers load with `gain`
   * plus a little fast noise; vibration moves on its own. `wiggle` adds ± that much every other
   * sample (zero-mean in every hour: more within-hour variance, the same hourly means).
   */
  function machine(seed: number, o: { gain?: number; tempLevel?: number; scale?: number; wiggle?: number } = {}) {
    const { gain = 20, tempLevel = 40, scale = 1, wiggle = 0 } = o;
    const wander = ar1(n, 0.99, seed);
    const fast = ar1(n, 0.5, seed + 1000);
    const vib = ar1(n, 0.95, seed + 2000);
    const load = Array.from(wander, (w, i) => 0.6 + 0.25 * dailyCycle(i, FIVE_MIN) + 0.1 * w);
    return {
      load: minuteSeries(load, T0, FIVE_MIN),
      temperature: minuteSeries(
        load.map((l, i) => scale * (tempLevel + gain * l + fast[i] + wiggle * (i % 2 ? 1 : -1))),
        T0,
        FIVE_MIN,
      ),
      vibration: minuteSeries(
        Array.from(vib, (v) => scale * (2 + 0.3 * v)),
        T0,
        FIVE_MIN,
      ),
    };
  }
  const SIGNALS = ['load', 'temperature', 'vibration'];
  const pilot = signalRelations(SIGNALS, machine(1));

  it('describes the pilot: temperature follows load, vibration follows nothing', () => {
    expect(pilot.hours).toBe(28 * 24 - 1);
    expect(pilot.correlation[1]).toBeGreaterThan(0.85);
    expect(Math.abs(pilot.correlation[2])).toBeLessThan(0.15);
  });

  it('passes a machine that differs only by level and spread', () => {
    const c = compareSignalRelations(signalRelations(SIGNALS, machine(2, { tempLevel: 70, scale: 2.5 })), pilot);
    expect(c.reasons).toEqual([]);
    expect(c.status).toBe('in');
    expect(c.maxFisherZ).toBeLessThan(0.5);
    for (const f of Object.values(c.varianceRatioFactor)) expect(f).toBeLessThan(2);
  });

  it('flags a machine whose temperature answers load with the opposite sign', () => {
    const c = compareSignalRelations(signalRelations(SIGNALS, machine(3, { gain: -20, tempLevel: 60 })), pilot);
    expect(c.status).toBe('out');
    expect(c.worstPair).toEqual(['load', 'temperature']);
    expect(c.maxFisherZ).toBeGreaterThan(2);
    expect(c.reasons).toHaveLength(1);
    expect(c.reasons[0]).toMatch(/^load ~ temperature: r -0\.8\d against the pilot's 0\.8\d/);
  });

  it('flags a machine whose temperature moves within the hour instead of between hours', () => {
    const c = compareSignalRelations(signalRelations(SIGNALS, machine(4, { wiggle: 6 })), pilot);
    expect(c.status).toBe('out');
    expect(c.maxFisherZ).toBeLessThan(0.5); // hourly means, and so the correlations, are unchanged
    expect(c.varianceRatioFactor.temperature).toBeGreaterThan(4);
    expect(c.reasons).toEqual([expect.stringMatching(/^temperature: within\/between-hour variance/)]);
  });

  it('says insufficient-data below 24 hour-to-hour changes, and lists what it could not compare', () => {
    const short = machine(5);
    const firstDays = { fromMs: T0 + 24 * HOUR_MS, toMs: Infinity };
    const c = compareSignalRelations(signalRelations(SIGNALS, short, [[firstDays.fromMs, firstDays.toMs]]), pilot);
    expect(c.status).toBe('insufficient-data');
    expect(c.reasons).toEqual(['23 hour-to-hour changes of healthy hourly levels, need 24']);
    const noVibration = compareSignalRelations(signalRelations(['load', 'temperature'], short), pilot);
    expect(noVibration.uncompared).toEqual(['load~vibration', 'temperature~vibration', 'vibration']);
    expect(noVibration.status).toBe('in');
  });
});

describe('signal relations under a shared slow drift', () => {
  it('are not fooled by wear every signal shares: independent noise stays uncorrelated', () => {
    // Two independent noisy signals that both rise across 200 hours (a C-MAPSS engine wearing out).
    const n = 200;
    const x = ar1(n, 0, 21);
    const y = ar1(n, 0, 22);
    const drifting = {
      a: minuteSeries(
        Array.from(x, (v, i) => v + (i / n) * 8),
        T0,
        HOUR_MS,
      ),
      b: minuteSeries(
        Array.from(y, (v, i) => v + (i / n) * 8),
        T0,
        HOUR_MS,
      ),
    };
    const levels = pearson(drifting.a.values, drifting.b.values);
    expect(levels).toBeGreaterThan(0.8); // the levels correlate through the drift alone
    expect(Math.abs(signalRelations(['a', 'b'], drifting).correlation[1])).toBeLessThan(0.2);
  });
});
