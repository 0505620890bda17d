import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { computeBlockStats } from '@fleetgate/inference';
import { splitIntoChunks } from '../chunk/chunk.util';
import { gapStats, stuckRuns } from '../quality/quality.util';
import {
  decodeRollup,
  encodeRollup,
  HOURS_PER_DAY,
  PLOT_FIELDS,
  COMPACT_ROLLUP_BYTES,
  IMPLIED_FIELDS,
  ROLLUP_BYTES,
  ROLLUP_FIELDS,
  rollupDay,
  rollupDayBytes,
  RollupField,
  rollupFieldSpan,
  RUN_FIELDS,
  RUNLESS_ROLLUP_BYTES,
  slotsInHour,
} from './hourly-rollup.util';
import { assembleHours, downsampleHours, hourSum, longestEqualRun, longestMissingRun } from './hourly-series.util';

const D0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** A deterministic minute series with gaps and stuck stretches that cross hour and day edges. */
function minuteSeries(days: number, seed = 1): Float32Array {
  let s = seed;
  const rand = (): number => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const v = new Float32Array(days * 1440);
  for (let i = 0; i < v.length; i++) v[i] = 50 + 10 * Math.sin(i / 300) + rand();
  v.fill(NaN, 55, 130); // a gap over the 01:00 edge
  v.fill(NaN, 1430, 1450); // over midnight
  v.fill(42.5, 200, 330); // stuck across 04:00 and 05:00
  v.fill(7, 1380, 1441); // stuck over the last hour of day 1 and into day 2 (the gap resumes after it)
  for (let i = 2000; i < 2600; i += 7) v[i] = NaN; // scattered single gaps
  v.fill(NaN, 2880 - 60); // day 2's last hour empty
  return v;
}

function dayRollups(values: Float32Array, startMs: number, intervalMs: number) {
  return splitIntoChunks('x', { startMs, intervalMs, values }).map((c) => rollupDay(c));
}

describe('hourly rollups', () => {
  it('hold exactly the feature kernel block sums of one-hour blocks', () => {
    const values = minuteSeries(2);
    const hours = assembleHours(dayRollups(values, D0, MIN), D0, D0 + 2 * DAY_MS, MIN, D0).stats;
    const blocks = computeBlockStats(values, 0, 60, 48);
    for (const f of ['count', 'ref', 'sum', 'sumSq', 'sumT', 'sumTT', 'sumTX', 'last'] as const) {
      expect(Array.from(hours[f])).toEqual(Array.from(blocks[f]));
    }
    // Empty hours hold NaN where the kernel holds ±Infinity; present hours agree.
    const present = (a: ArrayLike<number>) => Array.from(a).filter((_, h) => hours.count[h] > 0);
    expect(present(hours.min)).toEqual(present(blocks.min));
    expect(present(hours.max)).toEqual(present(blocks.max));
    expect(hours.count[47]).toBe(0);
    expect(hours.min[47]).toBeNaN();
  });

  it('count grid slots per hour for intervals that do not divide an hour, and sum to the day', () => {
    for (const interval of [7 * MIN, 2 * HOUR_MS, 90 * MIN, HOUR_MS]) {
      const values = new Float32Array(Math.ceil((3 * DAY_MS) / interval)).fill(1);
      const days = dayRollups(values, D0 + 3 * MIN, interval);
      for (const d of days) {
        let total = 0;
        for (let h = 0; h < HOURS_PER_DAY; h++) {
          expect(d.hours.slots[h]).toBe(slotsInHour(d.day + h * HOUR_MS, D0 + 3 * MIN, interval));
          total += d.hours.slots[h];
        }
        expect(total).toBe(Math.ceil((d.day + DAY_MS - d.startMs) / interval));
      }
    }
    expect(slotsInHour(D0, D0, 2 * HOUR_MS)).toBe(1);
    expect(slotsInHour(D0 + HOUR_MS, D0, 2 * HOUR_MS)).toBe(0);
    expect(slotsInHour(D0, D0 + 3 * MIN, 7 * MIN)).toBe(9); // :03, :10, … :59
  });

  it('carry the longest gap and the longest stuck run across hour and day edges exactly as the raw checks', () => {
    for (const seed of [1, 2, 3]) {
      const values = minuteSeries(3, seed);
      const hours = assembleHours(dayRollups(values, D0, MIN), D0, D0 + 3 * DAY_MS, MIN, D0).stats;
      expect(longestMissingRun(hours) * MIN).toBe(gapStats(values, MIN, HOUR_MS).longestMs);
      expect(longestEqualRun(hours)).toBe(stuckRuns(values, 1).longest);
    }
    // A run over a whole hour that continues on both sides, and the 130-minute stuck stretch.
    const flat = new Float32Array(3 * 60).fill(3);
    const hours = assembleHours(dayRollups(flat, D0 + 30 * MIN, MIN), D0, D0 + 4 * HOUR_MS, MIN, D0).stats;
    expect(longestEqualRun(hours)).toBe(180);
    expect(longestMissingRun(hours)).toBe(30);
  });

  it('treat days without a rollup as missing slots, never as data', () => {
    const values = minuteSeries(1);
    const hours = assembleHours(dayRollups(values, D0, MIN), D0 - DAY_MS, D0 + DAY_MS, MIN, D0).stats;
    expect(Array.from(hours.count.subarray(0, 24)).every((c) => c === 0)).toBe(true);
    expect(Array.from(hours.slots.subarray(0, 24)).every((s) => s === 60)).toBe(true);
    expect(longestMissingRun(hours)).toBe(1440); // the day without a rollup, longer than the 75-minute gap of the next
  });

  it('give the plot the min, max and mean of every bucket as the raw samples do, gaps as null', () => {
    const values = minuteSeries(2);
    const series = assembleHours(dayRollups(values, D0, MIN), D0, D0 + 2 * DAY_MS, MIN, D0);
    const plot = downsampleHours(series, 3, 16);
    for (let b = 0; b < 16; b++) {
      const xs = Array.from(values.subarray(b * 180, (b + 1) * 180)).filter((v) => v === v);
      if (xs.length === 0) {
        expect([plot.min[b], plot.max[b], plot.mean[b]]).toEqual([null, null, null]);
        continue;
      }
      expect(plot.min[b]).toBe(Math.min(...xs));
      expect(plot.max[b]).toBe(Math.max(...xs));
      const mean = xs.reduce((a, v) => a + v, 0) / xs.length;
      expect(Math.abs(plot.mean[b]! - mean)).toBeLessThan(1e-12 * Math.abs(mean));
    }
    expect(hourSum(series.stats, 47)).toBe(0);
  });

  it('survive storage byte for byte and refuse a row of the wrong length', () => {
    const day = dayRollups(minuteSeries(1), D0, MIN)[0];
    const bytes = encodeRollup(day.hours, day);
    expect(bytes.byteLength).toBe(ROLLUP_BYTES);
    // Unaligned, as a driver's Buffer may be.
    const shifted = Buffer.concat([Buffer.from([0]), bytes]).subarray(1);
    expect(ROLLUP_BYTES).toBe(2016);
    // Everything back, the derived fields (slots, missing at the edges) from the grid.
    expect(decodeRollup(shifted, day)).toEqual(day.hours);
    expect(() => decodeRollup(bytes.subarray(8), day)).toThrow(`holds ${ROLLUP_BYTES - 8} bytes`);
  });

  it('store a day whose every hour is full without what that implies, and read it back the same', () => {
    // Each value twice in a row: runs of two, so the runs are stored (compact, not runless).
    const full = { day: D0, startMs: D0, intervalMs: MIN, values: Float32Array.from({ length: 1440 }, (_, i) => 20 + (Math.floor(i / 2) % 11)) };
    const day = rollupDay(full);
    const bytes = encodeRollup(day.hours, day);
    expect([bytes.byteLength, COMPACT_ROLLUP_BYTES]).toEqual([1248, ROLLUP_BYTES - 24 * 32]);
    expect(rollupDayBytes(full)).toEqual(bytes);
    // Implied fields come back from the grid, every other field byte for byte (unaligned too).
    expect(decodeRollup(Buffer.concat([Buffer.from([0]), bytes]).subarray(1), day)).toEqual(day.hours);
    expect(Array.from(day.hours.sumTT.subarray(0, 2))).toEqual([(59 * 60 * 119) / 6, (59 * 60 * 119) / 6]);
    // A projection of a compact day holds only its stored fields: a plot's count is filled in.
    const projected = Buffer.concat(
      PLOT_FIELDS.flatMap((f) => rollupFieldSpan(f, true) ?? []).map(({ offset, length }) => bytes.subarray(offset, offset + length)),
    );
    expect(projected.byteLength).toBe(480); // (8 + 3 × 4 bytes) × 24
    const plot = decodeRollup(projected, day, PLOT_FIELDS);
    for (const f of PLOT_FIELDS) expect(Array.from(plot[f])).toEqual(Array.from(day.hours[f]));
    expect(Array.from(decodeRollup(Buffer.alloc(0), day, ['count']).count)).toEqual(Array(24).fill(60));
    for (const f of IMPLIED_FIELDS) expect(rollupFieldSpan(f, true)).toBeUndefined();
  });

  it('store a full day in which no sample equals the one before it without its runs too, and read it back the same', () => {
    const values = Float32Array.from({ length: 1440 }, (_, i) => 20 + (i % 11));
    const full = { day: D0, startMs: D0, intervalMs: MIN, values };
    const day = rollupDay(full);
    for (const f of RUN_FIELDS) expect(Array.from(day.hours[f])).toEqual(Array(24).fill(1));
    const bytes = encodeRollup(day.hours, day);
    expect([bytes.byteLength, RUNLESS_ROLLUP_BYTES]).toEqual([960, COMPACT_ROLLUP_BYTES - 24 * 12]);
    expect(rollupDayBytes(full)).toEqual(bytes);
    // The runs come back as 1, the implied fields from the grid, the rest byte for byte (unaligned too).
    expect(decodeRollup(Buffer.concat([Buffer.from([0]), bytes]).subarray(1), day)).toEqual(day.hours);
    // A projection asking for run fields takes the compact offsets, as PostgreSQL does: the runs lie
    // past the runless day's end and come out empty; the reader fills them in.
    const fields: RollupField[] = ['sum', 'min', 'count', 'trailRun', 'longestRun'];
    const projected = Buffer.concat(fields.flatMap((f) => rollupFieldSpan(f, true) ?? []).map(({ offset, length }) => bytes.subarray(offset, offset + length)));
    expect(projected.byteLength).toBe(288); // (8 + 4 bytes) × 24
    const back = decodeRollup(projected, day, fields);
    for (const f of fields) expect({ f, values: Array.from(back[f]) }).toEqual({ f, values: Array.from(day.hours[f]) });
    for (const f of RUN_FIELDS) expect(rollupFieldSpan(f, true)!.offset).toBeGreaterThanOrEqual(RUNLESS_ROLLUP_BYTES);
    // One sample equal to the one before it, in any hour, keeps the runs.
    for (const at of [1, 725, 1439]) {
      const once = { ...full, values: values.slice() };
      once.values[at] = once.values[at - 1];
      expect({ at, bytes: rollupDayBytes(once).byteLength }).toEqual({ at, bytes: COMPACT_ROLLUP_BYTES });
      const hours = rollupDay(once).hours;
      expect(decodeRollup(encodeRollup(hours, once), once)).toEqual(hours);
    }
  });

  it.each([
    ['one sample missing', { day: D0, startMs: D0, intervalMs: MIN, values: Float32Array.from({ length: 1440 }, (_, i) => (i === 700 ? NaN : 1)) }],
    ['stored short', { day: D0, startMs: D0, intervalMs: MIN, values: new Float32Array(1439).fill(1) }],
    ['starting at 10:00', { day: D0, startMs: D0 + 10 * HOUR_MS, intervalMs: MIN, values: new Float32Array(840).fill(1) }],
  ])('store a day in the full layout when any hour of its grid is not full: %s', (_, chunk) => {
    const day = rollupDay(chunk);
    expect(rollupDayBytes(chunk).byteLength).toBe(ROLLUP_BYTES);
    expect(encodeRollup(day.hours, day).byteLength).toBe(ROLLUP_BYTES);
    const back = decodeRollup(rollupDayBytes(chunk), day);
    expect(Array.from(back.count)).toEqual(Array.from(day.hours.count));
    expect(Array.from(back.longestMissing)).toEqual(Array.from(day.hours.longestMissing));
  });

  it.each([
    ['with gaps (full layout)', 5],
    ['every slot present (compact)', Infinity],
  ])('assemble from stored bytes (unaligned, windows that cut days) exactly what the computed days give, on and off the hour, %s', (_, gapEvery) => {
    for (const [interval, phase] of [
      [MIN, 0],
      [MIN, 30_000],
      [7 * MIN, 3 * MIN],
      [2 * HOUR_MS, 0],
    ]) {
      const start = D0 + phase;
      const length = Math.ceil((3 * DAY_MS) / interval);
      const days = dayRollups(
        Float32Array.from({ length }, (_, i) => (i % gapEvery === gapEvery - 1 ? NaN : i % 9)),
        start,
        interval,
      );
      const stored = days.map((d) => ({ ...d, bytes: Buffer.concat([Buffer.from([1]), encodeRollup(d.hours, d)]).subarray(1), fields: ROLLUP_FIELDS }));
      // Without gaps every day is compact but a last one the series only starts — runless, as i % 9
      // never repeats a value, except on the 2-hour grid, whose hours without a slot have runs of 0.
      const covered = (d: { day: number }): boolean => d.day + DAY_MS <= start + length * interval;
      const compact = interval === 2 * HOUR_MS ? COMPACT_ROLLUP_BYTES : RUNLESS_ROLLUP_BYTES;
      expect(stored.map((d) => d.bytes.byteLength)).toEqual(stored.map((d) => (gapEvery === Infinity && covered(d) ? compact : ROLLUP_BYTES)));
      for (const [from, to] of [
        [D0, D0 + 3 * DAY_MS],
        [D0 + 5 * HOUR_MS, D0 + 2 * DAY_MS + 7 * HOUR_MS],
        [D0 - DAY_MS, D0 + HOUR_MS],
      ]) {
        const want = assembleHours(days, from, to, interval, start).stats;
        expect(assembleHours(stored, from, to, interval, start).stats).toEqual(want);
        // Slots from the grid, hour by hour (the on-the-hour grids take a shortcut).
        expect(Array.from(want.slots)).toEqual(Array.from(want.slots, (_, h) => slotsInHour(from + h * HOUR_MS, start, interval)));
      }
    }
  });

  it('hold, field by field, what each field means, computed sample by sample (random runs, gaps, short chunks, grids on and off the hour)', () => {
    let s = 7;
    const rand = (): number => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    for (let trial = 0; trial < 60; trial++) {
      const interval = [MIN, 7 * MIN, 10_000, 45 * MIN][trial % 4];
      const startMs = D0 + (trial % 3) * MIN;
      const length = Math.ceil((DAY_MS - (startMs - D0)) / interval) - (trial % 5 === 0 ? Math.floor(rand() * 200) : 0);
      // Quantised values (so equal neighbours happen) with missing runs of every length, at the day's edges too.
      const values = Float32Array.from({ length: Math.max(0, length) }, () => Math.round(rand() * 3) / 2);
      for (let k = 0; k < 1 + trial; k++) {
        const at = rand() < 0.2 ? 0 : Math.floor(rand() * values.length);
        values.fill(rand() < 0.5 ? NaN : Infinity, at, at + Math.floor(rand() * (trial % 2 ? 3 : 90)));
      }
      const got = rollupDay({ day: D0, startMs, intervalMs: interval, values }).hours;
      for (let h = 0; h < HOURS_PER_DAY; h++) {
        const want = hourBySample(values, startMs, interval, D0 + h * HOUR_MS);
        const have = Object.fromEntries(Object.keys(want).map((f) => [f, (got as unknown as Record<string, ArrayLike<number>>)[f][h]]));
        expect({ trial, h, ...have }).toEqual({ trial, h, ...want });
      }
    }
  });

  it('give the write path the same stored bytes from one reused day, each call its own copy', () => {
    const chunks = [
      ...splitIntoChunks('x', { startMs: D0, intervalMs: MIN, values: minuteSeries(3) }),
      { day: D0, startMs: D0, intervalMs: MIN, values: new Float32Array(1440).fill(NaN) }, // nothing present: every field empty again
      { day: D0, startMs: D0 + 3 * MIN, intervalMs: 7 * MIN, values: Float32Array.from({ length: 100 }, (_, i) => i % 4) }, // off the hour, stored short
      { day: D0, startMs: D0, intervalMs: MIN, values: Float32Array.from({ length: 1440 }, (_, i) => i % 7) }, // every slot present, no value twice in a row
      { day: D0, startMs: D0, intervalMs: MIN, values: Float32Array.from({ length: 1440 }, (_, i) => (i % 1000) >> 1) }, // every slot present, each value twice
      { day: D0, startMs: D0, intervalMs: MIN, values: Float32Array.from({ length: 1440 }, (_, i) => (i === 1439 ? NaN : i % 7)) }, // all but the last
    ];
    const got = chunks.map((c) => rollupDayBytes(c));
    got.forEach((bytes, i) => expect(bytes).toEqual(encodeRollup(rollupDay(chunks[i]).hours, chunks[i])));
    expect(got[0].equals(got[3])).toBe(false);
    // The full days are runless and compact; the day after them, one sample short, is neither.
    expect(got.map((b) => b.byteLength)).toEqual([
      ROLLUP_BYTES,
      ROLLUP_BYTES,
      ROLLUP_BYTES,
      ROLLUP_BYTES,
      RUNLESS_ROLLUP_BYTES,
      COMPACT_ROLLUP_BYTES,
      ROLLUP_BYTES,
    ]);
  });

  it('decode a projection of some fields (what a plot reads) to the same values, the rest left empty', () => {
    const day = dayRollups(minuteSeries(1), D0, MIN)[0];
    const bytes = encodeRollup(day.hours, day);
    const projected = Buffer.concat(PLOT_FIELDS.map((f) => rollupFieldSpan(f)!).map(({ offset, length }) => bytes.subarray(offset, offset + length)));
    const hours = decodeRollup(projected, day, PLOT_FIELDS);
    for (const f of PLOT_FIELDS) expect(Array.from(hours[f])).toEqual(Array.from(day.hours[f]));
    expect(Array.from(hours.sumSq).every((v) => v === 0)).toBe(true);
    expect(() => decodeRollup(bytes, day, PLOT_FIELDS)).toThrow('expected 576'); // (8 + 4 × 4 bytes) × 24
  });
});

/** One hour's fields by their definitions, one slot at a time (what `scanHour` must hold). */
function hourBySample(values: Float32Array, startMs: number, intervalMs: number, hourMs: number) {
  const slotTimes: number[] = [];
  for (let t = startMs; t < hourMs + HOUR_MS; t += intervalMs) if (t >= hourMs) slotTimes.push(t);
  const slot = slotTimes.map((t) => {
    const j = Math.round((t - startMs) / intervalMs);
    return j < values.length && Number.isFinite(values[j]) ? values[j] : null;
  });
  const present = slot.map((x, u) => ({ x, u })).filter((p): p is { x: number; u: number } => p.x !== null);
  const f32 = (x: number): number => Math.fround(x);
  const runs: Array<{ from: number; to: number }> = []; // runs of identical present values, by slot
  slot.forEach((x, u) => {
    const r = runs[runs.length - 1];
    if (x !== null && r && r.to === u - 1 && slot[u - 1] === x) r.to = u;
    else if (x !== null) runs.push({ from: u, to: u });
  });
  let longestMissing = 0;
  let missing = 0;
  for (const x of slot) longestMissing = Math.max(longestMissing, (missing = x === null ? missing + 1 : 0));
  if (present.length === 0) return { slots: slot.length, count: 0, longestMissing };
  const ref = present[0].x;
  const sum = (g: (p: { x: number; u: number }) => number): number => present.reduce((a, p) => a + g(p), 0);
  const last = present[present.length - 1];
  return {
    slots: slot.length,
    count: present.length,
    ref,
    sum: sum((p) => p.x - ref),
    sumSq: sum((p) => (p.x - ref) ** 2),
    sumT: sum((p) => p.u),
    sumTT: sum((p) => p.u * p.u),
    sumTX: sum((p) => p.u * (p.x - ref)),
    min: f32(Math.min(...present.map((p) => p.x))),
    max: f32(Math.max(...present.map((p) => p.x))),
    last: last.x,
    firstSlot: present[0].u,
    lastSlot: last.u,
    longestMissing,
    leadRun: runs[0].from === 0 ? runs[0].to + 1 : 0,
    trailRun: last.u === slot.length - 1 ? runs[runs.length - 1].to - runs[runs.length - 1].from + 1 : 0,
    longestRun: Math.max(...runs.map((r) => r.to - r.from + 1)),
  };
}
