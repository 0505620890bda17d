import { flatSignals } from './flat-signals.util';

const hourly = (values: number[]) => ({ startMs: 0, intervalMs: 3_600_000, values: Float32Array.from(values) });

describe('flatSignals', () => {
  it('finds constant signals, ignoring missing samples, and names the value', () => {
    const flat = flatSignals({ s1: hourly([518.67, 518.67, NaN, 518.67]), s2: hourly([641.8, 642.1, 642.3]) }, ['s1', 's2']);
    expect(flat).toEqual([{ signal: 's1', kind: 'constant', value: 518.67, share: 1, reason: 'constant at 518.67 in the training period' }]);
  });

  it('calls a signal at one value in ≥ 99 % of its samples nearly constant, and one at 98 % not flat', () => {
    const nearly = [...Array(199).fill(21.61), 21.6];
    expect(flatSignals({ s6: hourly(nearly) }, ['s6'])).toEqual([
      { signal: 's6', kind: 'nearly-constant', value: 21.61, share: 0.995, reason: "at 21.61 in 99.5 % of the training period's samples" },
    ]);
    expect(flatSignals({ s6: hourly([...Array(98).fill(21.61), 21.6, 21.6]) }, ['s6'])).toEqual([]);
  });

  it('does not take a quantised, informative signal for flat (±0.03 at 2388, or whole units mostly at one value)', () => {
    const s8 = Array.from({ length: 200 }, (_, i) => 2388 + 0.01 * (i % 7));
    const s17 = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 393 : 392));
    expect(flatSignals({ s8: hourly(s8), s17: hourly(s17) }, ['s8', 's17'])).toEqual([]);
  });

  it('treats float noise below 1e-6 of the level as the same value, and skips signals without data', () => {
    const values = Array.from({ length: 100 }, (_, i) => 1000 + (i % 2) * 1e-4);
    expect(flatSignals({ a: hourly(values) }, ['a', 'missing'])).toMatchObject([{ signal: 'a', kind: 'constant', share: 1 }]);
    expect(flatSignals({ b: hourly([NaN, NaN]) }, ['b'])).toEqual([]);
  });
});
