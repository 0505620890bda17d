import { join } from 'node:path';
import { assembledFromSource } from '@fleetgate/stats';
import { HOUR_MS } from '@fleetgate/common';
import { scanFullDay } from './full-day-scan.util';
import { COMPACT_ROLLUP_BYTES, encodeRollup, ROLLUP_BYTES, rollupDay, rollupDayBytes, RUNLESS_ROLLUP_BYTES } from './hourly-rollup.util';

const D0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

type Day = { day: number; startMs: number; intervalMs: number; values: Float32Array };

function fullDay(intervalMs: number, value: (i: number) => number): Day {
  return { day: D0, startMs: D0, intervalMs, values: Float32Array.from({ length: (24 * HOUR_MS) / intervalMs }, (_, i) => value(i)) };
}

/** The stored bytes the scalar scan gives, the vector scan's through `rollupDay`, and the write path's. */
function threeWays(day: Day): { scalar: Buffer; vector: Buffer; written: Buffer } {
  return {
    scalar: encodeRollup(rollupDay(day, { vector: false }).hours, day),
    vector: encodeRollup(rollupDay(day).hours, day),
    written: rollupDayBytes(day),
  };
}

describe('the full-day scan (four hours at a time)', () => {
  let s = 11;
  const rand = (): number => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;

  it.each([
    ['noise', (): number => rand() * 200 - 100],
    ['quantised, so runs of equal values cross hour edges', (): number => Math.round(rand() * 2) / 2],
    ['constant', (): number => 3.25],
    ['signed zeros, +0 first in some hours and −0 in others', (i: number): number => ((i * 7 + (i >> 5)) % 3 === 0 ? -0 : 0)],
    ['extreme magnitudes', (): number => (rand() < 0.5 ? -1 : 1) * (rand() < 0.5 ? 3e38 * rand() : 1e-40 * rand())],
    ['a slow trend with noise', (i: number): number => 400 + i / 90 + rand()],
  ])('give the scalar scan’s stored bytes bit for bit: %s', (_, value) => {
    for (const interval of [MIN, 10_000, 1_000, 15 * MIN, HOUR_MS, 5 * MIN]) {
      const day = fullDay(interval, value);
      expect(scanFullDay(day.values, HOUR_MS / interval)).toBeDefined();
      const { scalar, vector, written } = threeWays(day);
      // Stored compact, or runless where no hour repeats a value (the vector scan's bytes go through the same choice).
      const repeats = day.values.some((v, i) => i % (HOUR_MS / interval) > 0 && v === day.values[i - 1]);
      expect({ interval, bytes: scalar.byteLength }).toEqual({ interval, bytes: repeats ? COMPACT_ROLLUP_BYTES : RUNLESS_ROLLUP_BYTES });
      expect(vector.equals(scalar)).toBe(true);
      expect(written.equals(scalar)).toBe(true);
    }
  });

  it('leave the days it cannot take to the scalar scan, which stores them as before', () => {
    const minutes = (i: number): number => i % 11;
    const days: Array<[string, Day]> = [
      ['a missing last sample', { ...fullDay(MIN, minutes), values: fullDay(MIN, (i) => (i === 1439 ? NaN : minutes(i))).values }],
      ['an infinite first sample', fullDay(MIN, (i) => (i === 0 ? -Infinity : minutes(i)))],
      ['a chunk stored one sample short', { ...fullDay(MIN, minutes), values: fullDay(MIN, minutes).values.subarray(0, 1439) }],
      ['a grid off midnight', { ...fullDay(MIN, minutes), startMs: D0 + 20_000 }],
      ['an interval that does not divide the hour', fullDay(7 * MIN, minutes)],
      ['a grid finer than a second', fullDay(500, minutes)],
    ];
    for (const [what, day] of days) {
      const perHour = HOUR_MS / day.intervalMs;
      if (day.startMs === day.day && Number.isInteger(perHour)) expect({ what, fast: scanFullDay(day.values, perHour) }).toEqual({ what, fast: undefined });
      const { scalar, vector, written } = threeWays(day);
      expect({ what, same: vector.equals(scalar) && written.equals(scalar) }).toEqual({ what, same: true });
    }
    expect(threeWays(days[0][1]).written.byteLength).toBe(ROLLUP_BYTES);
  });

  it('keep answering after a day that needs more memory (1-second samples), and after one it refused', () => {
    const minuteDay = fullDay(MIN, (i) => Math.sin(i / 50));
    const before = threeWays(minuteDay).written;
    threeWays(fullDay(1_000, (i) => i % 13));
    threeWays(fullDay(MIN, (i) => (i === 700 ? NaN : i)));
    expect(threeWays(minuteDay).written.equals(before)).toBe(true);
    expect(before.equals(threeWays(minuteDay).scalar)).toBe(true);
  });

  it('run the module assembled from its source', async () => {
    // If this fails, the .wat was edited without `npm run build:wasm`.
    expect(await assembledFromSource(join(__dirname, 'full-day-scan.wat'))).toBe(true);
  });
});
