import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import type { Chunk } from '../chunk/chunk.util';
import { FULL_DAY_BYTES, scanFullDay } from './full-day-scan.util';

export const HOURS_PER_DAY = DAY_MS / HOUR_MS;

/**
 * Per-hour summaries of one machine × signal, as column arrays (one entry per hour).
 *
 * The sums are the feature kernel's block sums (`computeBlockStats` in @fleetgate/inference):
 * taken relative to the hour's first present value `ref`, with time `u` the sample's slot
 * inside the hour — so an hour-aligned window combines them exactly as it combines raw blocks,
 * and no accumulator carries a large offset. Σx is `count·ref + sum`.
 *
 * The run fields carry quality checks across hour edges: missing runs (gaps) and runs of
 * identical present values (stuck sensors) at the start and end of the hour, and the longest
 * inside it.
 */
export interface HourStats {
  /** grid slots in the hour (0 when the series' interval skips it; derived from the grid, not stored) */
  slots: Int32Array;
  /** present (finite) samples */
  count: Int32Array;
  /** first present value (NaN when none); ref, min, max and last are samples, so Float32 holds them exactly */
  ref: Float32Array;
  /** Σ(x − ref), Σ(x − ref)² */
  sum: Float64Array;
  sumSq: Float64Array;
  min: Float32Array;
  max: Float32Array;
  /** last present value */
  last: Float32Array;
  /** Σu, Σu², Σu·(x − ref) with u the slot inside the hour */
  sumT: Float64Array;
  sumTT: Float64Array;
  sumTX: Float64Array;
  /** slot of the first / last present sample (−1 when none) */
  firstSlot: Int32Array;
  lastSlot: Int32Array;
  /** the longest run of missing slots (those before the first and after the last present slot follow from `firstSlot`, `lastSlot`) */
  longestMissing: Int32Array;
  /** identical present values from slot 0 / up to the last slot (0 when that slot is missing), and the longest such run */
  leadRun: Int32Array;
  trailRun: Int32Array;
  longestRun: Int32Array;
}

/** One stored row: the 24 hours of one machine × signal × UTC day. */
export interface DayRollup {
  day: number;
  /** the chunk's grid: slot 0 at `startMs`, every `intervalMs` */
  startMs: number;
  intervalMs: number;
  hours: HourStats;
}

// Stored, in this order: Float64 sums, Float32 sample values, Int32 counts and runs (little-endian,
// 24 values per field). `slots` (derived from the grid) follows them in memory only.
const F64_FIELDS = ['sum', 'sumSq', 'sumT', 'sumTT', 'sumTX'] as const;
const F32_FIELDS = ['ref', 'min', 'max', 'last'] as const;
const I32_FIELDS = ['count', 'firstSlot', 'lastSlot', 'longestMissing', 'leadRun', 'trailRun', 'longestRun'] as const;
const DERIVED_FIELDS = ['slots'] as const;

/** Bytes of one hour's value of a stored field. */
function width(f: RollupField): number {
  return (F64_FIELDS as readonly string[]).includes(f) ? 8 : 4;
}

/** Bytes of one stored day (2,016). */
export const ROLLUP_BYTES = HOURS_PER_DAY * (F64_FIELDS.length * 8 + F32_FIELDS.length * 4 + I32_FIELDS.length * 4);

/**
 * What an hour whose every grid slot holds a sample implies: count = slots, first slot 0, last
 * slot slots − 1, no missing run, Σu and Σu² the grid's closed forms. A day whose 24 hours are all
 * full (most days of a running machine) is stored without them — the compact layout, the other
 * fields in stored order, `COMPACT_ROLLUP_BYTES` long — and the reader fills them in from the grid.
 */
export const IMPLIED_FIELDS = ['sumT', 'sumTT', 'count', 'firstSlot', 'lastSlot', 'longestMissing'] as const;

/** Bytes of one stored day in the compact layout (1,248). */
export const COMPACT_ROLLUP_BYTES = ROLLUP_BYTES - HOURS_PER_DAY * IMPLIED_FIELDS.reduce((n, f) => n + width(f), 0);
if (FULL_DAY_BYTES !== COMPACT_ROLLUP_BYTES) throw new Error(`the full-day scan writes ${FULL_DAY_BYTES} bytes, the compact layout is ${COMPACT_ROLLUP_BYTES}`);

/**
 * What a full hour in which no sample equals the one before it implies: every run of identical
 * values is one sample long (`leadRun`, `trailRun`, `longestRun` all 1). A compact day whose 24
 * hours all say so — a noisy sensor's day — is stored without them, `RUNLESS_ROLLUP_BYTES` long:
 * the compact bytes up to the run fields, which come last.
 */
export const RUN_FIELDS = ['leadRun', 'trailRun', 'longestRun'] as const;

/** Bytes of one stored day in the runless layout (960). */
export const RUNLESS_ROLLUP_BYTES = COMPACT_ROLLUP_BYTES - HOURS_PER_DAY * RUN_FIELDS.length * 4;
if (I32_FIELDS.slice(-RUN_FIELDS.length).join() !== RUN_FIELDS.join()) throw new Error('the run fields must be the last stored fields');

/** Hours with nothing in them: no slot, no sample. One allocation: the stored fields in stored order, then `slots`. */
export function emptyHours(n: number): HourStats {
  const buffer = new ArrayBuffer(n * (F64_FIELDS.length * 8 + (F32_FIELDS.length + I32_FIELDS.length + DERIVED_FIELDS.length) * 4));
  const f64 = (k: number): Float64Array => new Float64Array(buffer, k * n * 8, n);
  const f32 = (k: number): Float32Array => new Float32Array(buffer, F64_FIELDS.length * n * 8 + k * n * 4, n).fill(NaN);
  const i32 = (k: number, fill = 0): Int32Array => new Int32Array(buffer, F64_FIELDS.length * n * 8 + (F32_FIELDS.length + k) * n * 4, n).fill(fill);
  // A literal in storage order: one object shape for every HourStats (the scan writes to it per hour).
  return {
    sum: f64(0),
    sumSq: f64(1),
    sumT: f64(2),
    sumTT: f64(3),
    sumTX: f64(4),
    ref: f32(0),
    min: f32(1),
    max: f32(2),
    last: f32(3),
    count: i32(0),
    firstSlot: i32(1, -1),
    lastSlot: i32(2, -1),
    longestMissing: i32(3),
    leadRun: i32(4),
    trailRun: i32(5),
    longestRun: i32(6),
    slots: i32(7),
  };
}

/** Grid slots of a series (slot 0 at `startMs`, every `intervalMs`) that fall before time t. */
function slotsBefore(t: number, startMs: number, intervalMs: number): number {
  return Math.max(0, Math.ceil((t - startMs) / intervalMs));
}

/** Grid slots of the series whose slot 0 is at `startMs` (every `intervalMs`, extended both ways) inside the hour starting at `hourMs`. */
export function slotsInHour(hourMs: number, startMs: number, intervalMs: number): number {
  const first = hourMs + ((((startMs - hourMs) % intervalMs) + intervalMs) % intervalMs);
  return first >= hourMs + HOUR_MS ? 0 : Math.ceil((hourMs + HOUR_MS - first) / intervalMs);
}

/**
 * The 24 hourly summaries of one day chunk. Slots past the end of `values` (a chunk stored
 * shorter than its day) count as missing, as `readMachine` returns them. A full day is scanned by
 * the SIMD scan (`fullDay`); `vector: false` takes the scalar scan for every day (specs compare them).
 */
export function rollupDay(chunk: Pick<Chunk, 'day' | 'startMs' | 'intervalMs' | 'values'>, { vector = true } = {}): DayRollup {
  const hours = emptyHours(HOURS_PER_DAY);
  const full = vector && fullDay(chunk);
  if (full) decodeFullDay(full, chunk, hours);
  else scanDay(chunk, hours);
  return { day: chunk.day, startMs: chunk.startMs, intervalMs: chunk.intervalMs, hours };
}

/** A day of empty hours reused by `rollupDayInScratch`, the bytes it starts from each time, and a compact day. */
const SCRATCH = emptyHours(HOURS_PER_DAY);
const SCRATCH_ALL = new Uint8Array(SCRATCH.sum.buffer);
const SCRATCH_BYTES = SCRATCH_ALL.subarray(0, ROLLUP_BYTES);
const EMPTY_DAY = SCRATCH_ALL.slice();
const SCRATCH_COMPACT = new Uint8Array(COMPACT_ROLLUP_BYTES);

/**
 * `encodeRollup(rollupDay(chunk).hours)` — the stored bytes of a day chunk's rollup — scanned into
 * one reused day instead of a new one: the write path makes one per chunk it stores, and 17 typed
 * arrays a chunk kept the garbage collector busier than the scan itself. The bytes are valid until
 * the next call: copy them out first (the COPY writer copies them into its piece).
 */
export function rollupDayInScratch(chunk: Pick<Chunk, 'day' | 'startMs' | 'intervalMs' | 'values'>): Uint8Array {
  const fast = fullDay(chunk);
  if (fast) return runless(fast);
  SCRATCH_ALL.set(EMPTY_DAY);
  const full = scanDay(chunk, SCRATCH);
  return full ? runless(compactInto(SCRATCH_BYTES, SCRATCH_COMPACT)) : SCRATCH_BYTES;
}

/** A compact day's bytes, without the run fields when every one of them is 1 (a view of the same bytes). */
function runless(compact: Uint8Array): Uint8Array {
  // The run fields are the last 72 Int32 values; read them in place (the bytes may sit at any offset).
  const view = new DataView(compact.buffer, compact.byteOffset + RUNLESS_ROLLUP_BYTES, COMPACT_ROLLUP_BYTES - RUNLESS_ROLLUP_BYTES);
  for (let at = 0; at < view.byteLength; at += 4) if (view.getInt32(at, true) !== 1) return compact;
  return compact.subarray(0, RUNLESS_ROLLUP_BYTES);
}

/** `rollupDayInScratch`, copied into a Buffer of its own. */
export function rollupDayBytes(chunk: Pick<Chunk, 'day' | 'startMs' | 'intervalMs' | 'values'>): Buffer {
  return Buffer.from(rollupDayInScratch(chunk));
}

/**
 * The compact bytes of a day on a grid from midnight that divides the hour, all of whose samples
 * are present, scanned four hours at a time (`scanFullDay`: the scalar scan's bytes, faster);
 * undefined for any other day. Valid until the next call.
 */
function fullDay(chunk: Pick<Chunk, 'day' | 'startMs' | 'intervalMs' | 'values'>): Uint8Array | undefined {
  const perHour = alignedSlotsPerHour(chunk);
  return perHour === undefined ? undefined : scanFullDay(chunk.values, perHour);
}

/** The slots every hour holds on a grid from midnight that divides the hour; undefined on any other grid. */
function alignedSlotsPerHour({ day, startMs, intervalMs }: Pick<DayRollup, 'day' | 'startMs' | 'intervalMs'>): number | undefined {
  const perHour = HOUR_MS / intervalMs;
  return startMs === day && Number.isInteger(perHour) ? perHour : undefined;
}

/** `fullDay`'s bytes → the day's hours (the implied fields from the grid, as a reader fills them). */
function decodeFullDay(bytes: Uint8Array, grid: Pick<DayRollup, 'day' | 'startMs' | 'intervalMs'>, hours: HourStats): void {
  hours.slots.fill(alignedSlotsPerHour(grid)!);
  decodeRollupInto({ day: grid.day, startMs: grid.startMs, intervalMs: grid.intervalMs, bytes, fields: ROLLUP_FIELDS }, hours, 0, 0, HOURS_PER_DAY);
}

/**
 * Scans the day's 24 hours into `hours`; true when every hour is full on the grid a reader derives
 * (`slotsInHour`): the day can be stored compact. An hour before the series' first slot scans as
 * no slots, not as the grid's, so such a day is not full.
 */
function scanDay({ day, startMs, intervalMs, values }: Pick<Chunk, 'day' | 'startMs' | 'intervalMs' | 'values'>, hours: HourStats): boolean {
  const perHour = alignedSlotsPerHour({ day, startMs, intervalMs });
  if (perHour !== undefined) {
    // A grid from midnight that divides the hour (1-minute samples, say): every hour holds the same
    // slots, and the grid arithmetic below (divisions and remainders per hour) is a product.
    let full = true;
    for (let h = 0; h < HOURS_PER_DAY; h++) {
      scanHour(values, h * perHour, (h + 1) * perHour, hours, h);
      full &&= hours.count[h] === perHour;
    }
    return full;
  }
  const daySlots = slotsBefore(day + DAY_MS, startMs, intervalMs);
  let lo = 0;
  for (let h = 0; h < HOURS_PER_DAY; h++) {
    const hi = Math.min(daySlots, slotsBefore(day + (h + 1) * HOUR_MS, startMs, intervalMs));
    scanHour(values, lo, Math.max(lo, hi), hours, h);
    lo = Math.max(lo, hi);
  }
  return allFull(hours, { day, startMs, intervalMs });
}

/**
 * One hour's slots [lo, hi) into entry h. Its own small function so V8 optimises the loop whole.
 * The sums are the feature kernel's `scanBlock` over again on purpose: its blocks are fixed runs of
 * samples, an hour holds however many slots the series' interval and phase put in it, and the run
 * fields ride on the same pass.
 *
 * Kept lean because ingest runs it on every sample it stores: the loop starts after the first
 * present sample (so it needs no "first?" test), gaps and runs are read off the slot of the
 * previous present sample, Σu and Σu² are the grid's closed forms minus the missing slots (exact
 * integers while an hour holds under 2^17 slots, i.e. intervals from 28 ms up), and the run from
 * slot 0 is measured after the loop.
 */
function scanHour(values: Float32Array, lo: number, hi: number, out: HourStats, h: number): void {
  const slots = hi - lo;
  out.slots[h] = slots;
  // Slots past the end of `values` are missing.
  const stored = Math.max(0, Math.min(hi, values.length) - lo);
  let first = 0;
  // NaN and ±Infinity fail `x - x === 0`: missing, as in the feature kernel.
  while (first < stored && values[lo + first] - values[lo + first] !== 0) first++;
  if (first === stored) {
    out.longestMissing[h] = slots;
    return;
  }
  const r = values[lo + first];
  let c = 1;
  let sx = 0;
  let sxx = 0;
  let sux = 0;
  let missingU = 0;
  let missingUU = 0;
  let mn = r;
  let mx = r;
  let last = r;
  let lastSlot = first;
  let longestMissing = first;
  let run = 1;
  let longestRun = 1;
  for (let u = 0; u < first; u++) {
    missingU += u;
    missingUU += u * u;
  }
  for (let u = first + 1; u < stored; u++) {
    const x = values[lo + u];
    if (x - x !== 0) {
      missingU += u;
      missingUU += u * u;
      continue;
    }
    if (u - lastSlot > 1) {
      // a gap ends: it breaks the run of identical values too
      if (u - lastSlot - 1 > longestMissing) longestMissing = u - lastSlot - 1;
      run = 1;
    } else if (x === last) {
      if (++run > longestRun) longestRun = run;
    } else run = 1;
    const d = x - r;
    c++;
    sx += d;
    sxx += d * d;
    sux += u * d;
    if (x < mn) mn = x;
    else if (x > mx) mx = x;
    last = x;
    lastSlot = u;
  }
  for (let u = stored; u < slots; u++) {
    missingU += u;
    missingUU += u * u;
  }
  if (slots - 1 - lastSlot > longestMissing) longestMissing = slots - 1 - lastSlot;
  let leadRun = 0;
  if (first === 0) while (leadRun < stored && values[lo + leadRun] === r) leadRun++;
  out.longestMissing[h] = longestMissing;
  out.count[h] = c;
  out.ref[h] = r;
  out.sum[h] = sx;
  out.sumSq[h] = sxx;
  out.sumT[h] = (slots * (slots - 1)) / 2 - missingU;
  out.sumTT[h] = ((slots - 1) * slots * (2 * slots - 1)) / 6 - missingUU;
  out.sumTX[h] = sux;
  out.min[h] = mn;
  out.max[h] = mx;
  out.last[h] = last;
  out.firstSlot[h] = first;
  out.lastSlot[h] = lastSlot;
  out.leadRun[h] = leadRun;
  // The last run ends on the last slot only when that slot is present.
  out.trailRun[h] = lastSlot === slots - 1 ? run : 0;
  out.longestRun[h] = longestRun;
}

export type RollupField = (typeof F64_FIELDS)[number] | (typeof F32_FIELDS)[number] | (typeof I32_FIELDS)[number];

/** Every stored field, in stored order. */
export const ROLLUP_FIELDS: readonly RollupField[] = [...F64_FIELDS, ...F32_FIELDS, ...I32_FIELDS];

/** What a plot needs of each hour: present count, Σx (from ref and sum), min and max. */
export const PLOT_FIELDS: readonly RollupField[] = ['sum', 'ref', 'min', 'max', 'count'];

const implied = (f: RollupField): boolean => (IMPLIED_FIELDS as readonly string[]).includes(f);

/** The stored fields of a compact day, in stored order. */
export const COMPACT_FIELDS: readonly RollupField[] = ROLLUP_FIELDS.filter((f) => !implied(f));

const isRun = (f: RollupField): boolean => (RUN_FIELDS as readonly string[]).includes(f);

/**
 * Refuses a list of fields out of stored order: the compact and runless layouts cut fields from the
 * end, which a projection can only follow in that order.
 */
export function checkStoredOrder(fields: readonly RollupField[]): void {
  if (fields.some((f, i) => i > 0 && ROLLUP_FIELDS.indexOf(f) <= ROLLUP_FIELDS.indexOf(fields[i - 1])))
    throw new Error(`rollup fields are read in stored order (${ROLLUP_FIELDS.join(', ')}), got ${fields.join(', ')}`);
}

/**
 * Where a field's 24 values sit in the stored bytes (0-based offset, length), in the full layout
 * or the compact one (undefined there for an implied field: it is not stored). A runless day is the
 * compact one up to the run fields.
 */
export function rollupFieldSpan(field: RollupField, compact = false): { offset: number; length: number } | undefined {
  if (compact && implied(field)) return undefined;
  let offset = 0;
  for (const f of compact ? COMPACT_FIELDS : ROLLUP_FIELDS) {
    if (f === field) break;
    offset += width(f) * HOURS_PER_DAY;
  }
  return { offset, length: width(field) * HOURS_PER_DAY };
}

/** The full layout's byte ranges a compact day keeps, in order: [sum, sumSq], [sumTX … last], [leadRun … longestRun]. */
const COMPACT_RANGES: ReadonlyArray<readonly [number, number]> = (() => {
  const ranges: Array<[number, number]> = [];
  for (const f of COMPACT_FIELDS) {
    const { offset, length } = rollupFieldSpan(f)!;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === offset) last[1] = offset + length;
    else ranges.push([offset, offset + length]);
  }
  return ranges;
})();

/** A full day's bytes → the compact day's, in `into`. */
function compactInto(full: Uint8Array, into: Uint8Array): Uint8Array {
  let at = 0;
  for (const [from, to] of COMPACT_RANGES) {
    into.set(full.subarray(from, to), at);
    at += to - from;
  }
  return into;
}

/** Every hour full on the grid a reader derives (`slotsInHour`): the day can be stored compact. */
function allFull(hours: HourStats, grid: Pick<DayRollup, 'day' | 'startMs' | 'intervalMs'>): boolean {
  for (let h = 0; h < HOURS_PER_DAY; h++)
    if (hours.count[h] !== hours.slots[h] || hours.slots[h] !== slotsInHour(grid.day + h * HOUR_MS, grid.startMs, grid.intervalMs)) return false;
  return true;
}

/**
 * The stored bytes of a day's hours: compact (`COMPACT_ROLLUP_BYTES`) when every hour is full on
 * the day's grid — runless (`RUNLESS_ROLLUP_BYTES`) when no hour repeats a value either —, the full
 * layout (`ROLLUP_BYTES`) otherwise.
 */
export function encodeRollup(hours: HourStats, grid: Pick<DayRollup, 'day' | 'startMs' | 'intervalMs'>): Buffer {
  const bytes = Buffer.concat(ROLLUP_FIELDS.map((f) => Buffer.from(hours[f].buffer, hours[f].byteOffset, hours[f].byteLength)));
  return allFull(hours, grid) ? Buffer.from(runless(compactInto(bytes, new Uint8Array(COMPACT_ROLLUP_BYTES)))) : bytes;
}

/** A stored day not decoded yet: `bytes` hold `fields` (all, or a projection), in that order. */
export interface EncodedDay {
  day: number;
  startMs: number;
  intervalMs: number;
  bytes: Uint8Array;
  fields: readonly RollupField[];
}

/**
 * Stored bytes → a day's hours on its grid (`day`, `startMs`, `intervalMs`: the derived fields
 * come from it). `fields` says which fields the bytes hold, in order (a projection read selects
 * only some); the others keep their empty values. Bytes of another length are refused: a rollup
 * is never guessed.
 */
export function decodeRollup(
  bytes: Uint8Array,
  grid: Pick<DayRollup, 'day' | 'startMs' | 'intervalMs'>,
  fields: readonly RollupField[] = ROLLUP_FIELDS,
): HourStats {
  const hours = emptyHours(HOURS_PER_DAY);
  for (let h = 0; h < HOURS_PER_DAY; h++) hours.slots[h] = slotsInHour(grid.day + h * HOUR_MS, grid.startMs, grid.intervalMs);
  decodeRollupInto({ ...grid, bytes, fields }, hours, 0, 0, HOURS_PER_DAY);
  return hours;
}

/**
 * Decodes hours [at, at + count) of a stored day straight into `target` from hour `into` (whose
 * `slots` are already set): the day's bytes (the driver's, at any offset) are copied once into an
 * aligned scratch day, whose typed views are then copied field by field — memory copies only, no
 * view or lookup per field (a machine's 90 days × 8 signals are 13,680 fields). A compact day's
 * implied fields are filled in from `slots`.
 */
export function decodeRollupInto(day: EncodedDay, target: HourStats, at: number, into: number, count: number): void {
  const layouts = layoutsOf(day.fields);
  const n = day.bytes.byteLength;
  const compact = n !== layouts.full.bytes.length;
  // A runless day's bytes are the compact day's up to its run fields (the last ones): the scratch
  // day gets them, and its run fields 1 — then it decodes as a compact day.
  const runless = compact && layouts.runs.length > 0 && n === layouts.runlessBytes;
  const layout = compact ? layouts.compact : layouts.full;
  if (n !== layout.bytes.length && !runless)
    throw new Error(
      `a stored rollup holds ${n} bytes, expected ${layouts.full.bytes.length} (or ${layouts.compact.bytes.length} compact, ${layouts.runlessBytes} runless)`,
    );
  // The host is little-endian, as the stored bytes are (chunk.util checks at load).
  layout.bytes.set(day.bytes);
  if (runless) for (const view of layouts.runs) view.fill(1);
  const whole = at === 0 && count === HOURS_PER_DAY;
  for (let i = 0; i < layout.fields.length; i++) {
    const from = layout.views[i];
    (target[layout.fields[i]] as Float64Array).set((whole ? from : from.subarray(at, at + count)) as Float64Array, into);
  }
  if (compact) fillImplied(target, layouts.implied, into, count);
}

/**
 * What full hours [into, into + count) of `target` imply, for the implied fields asked for. Each
 * value is worked out once per run of hours with the same slot count (on an on-the-hour grid, once
 * a day): a reader fills six fields for every stored day of every signal.
 */
function fillImplied(target: HourStats, fields: readonly RollupField[], into: number, count: number): void {
  const slots = target.slots;
  for (const f of fields) {
    const column = target[f];
    let n = -1;
    let value = 0;
    for (let h = into; h < into + count; h++) {
      if (slots[h] !== n) {
        n = slots[h];
        value = impliedValue(f, n);
      }
      column[h] = value;
    }
  }
}

/** An implied field of a full hour of n slots (as `scanHour` computes it). */
function impliedValue(field: RollupField, n: number): number {
  switch (field) {
    case 'count':
      return n;
    case 'firstSlot':
      return n > 0 ? 0 : -1;
    case 'lastSlot':
      return n - 1;
    // (an hour without slots holds +0, as the scan leaves it: not the formula's −0)
    case 'sumT':
      return n > 1 ? (n * (n - 1)) / 2 : 0;
    case 'sumTT':
      return n > 1 ? ((n - 1) * n * (2 * n - 1)) / 6 : 0;
    default: // longestMissing
      return 0;
  }
}

interface Layout {
  fields: readonly RollupField[];
  /** one stored day, aligned: the fields one after the other */
  bytes: Uint8Array;
  /** each field's 24 values in `bytes`, typed */
  views: Array<Float64Array | Float32Array | Int32Array>;
}

interface Layouts {
  full: Layout;
  compact: Layout;
  implied: readonly RollupField[];
  /** the compact layout's views of the run fields asked for (its last fields) */
  runs: ReadonlyArray<Float64Array | Float32Array | Int32Array>;
  /** the runless day's length: the compact one's without those run fields */
  runlessBytes: number;
}

/**
 * Per list of fields (the constant lists, mostly): an aligned scratch day and each field's view
 * of it, in the full layout and the compact one (the runless one is the compact one cut short),
 * and the implied fields asked for. Shared scratch: `decodeRollupInto` fills and empties it
 * within one call.
 */
const layouts = new WeakMap<readonly RollupField[], Layouts>();

function layoutsOf(fields: readonly RollupField[]): Layouts {
  let found = layouts.get(fields);
  if (!found) {
    checkStoredOrder(fields);
    const compact = layoutOf(fields.filter((f) => !implied(f)));
    const runs = compact.views.filter((_, i) => isRun(compact.fields[i]));
    const runlessBytes = compact.bytes.length - runs.reduce((n, v) => n + v.byteLength, 0);
    found = { full: layoutOf(fields), compact, implied: fields.filter(implied), runs, runlessBytes };
    layouts.set(fields, found);
  }
  return found;
}

function layoutOf(fields: readonly RollupField[]): Layout {
  const size = fields.reduce((n, f) => n + width(f) * HOURS_PER_DAY, 0);
  const buffer = new ArrayBuffer(size);
  let offset = 0;
  const views = fields.map((f) => {
    const view = (F64_FIELDS as readonly string[]).includes(f)
      ? new Float64Array(buffer, offset, HOURS_PER_DAY)
      : (F32_FIELDS as readonly string[]).includes(f)
        ? new Float32Array(buffer, offset, HOURS_PER_DAY)
        : new Int32Array(buffer, offset, HOURS_PER_DAY);
    offset += view.byteLength;
    return view;
  });
  return { fields, bytes: new Uint8Array(buffer), views };
}

/** Copies `count` hours of `from` (from hour `at`) into `to` at hour `into`. */
export function copyHours(from: HourStats, at: number, to: HourStats, into: number, count: number): void {
  for (const f of [...ROLLUP_FIELDS, ...DERIVED_FIELDS]) to[f].set(from[f].subarray(at, at + count), into);
}
