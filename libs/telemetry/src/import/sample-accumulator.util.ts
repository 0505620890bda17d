/** One raw tag's buffered samples, each with the file line it came from. */
export interface TagBuffer {
  times: number[];
  values: number[];
  lines: number[];
  firstLine: number;
}

/**
 * Buffers raw samples per machine × raw tag until a flush, so a file larger than memory
 * imports in bounded memory: the importer flushes a machine when one of its tags holds
 * `perTag` samples, and every machine when `total` are held.
 */
export class SampleAccumulator {
  private readonly byMachine = new Map<string, Map<string, TagBuffer>>();
  private held = 0;

  constructor(
    readonly perTag = 200_000,
    readonly total = 2_000_000,
  ) {}

  /** Adds a sample; returns true when the machine should be flushed now. */
  add(machine: string, tag: string, t: number, value: number, line: number): boolean {
    let tags = this.byMachine.get(machine);
    if (!tags) this.byMachine.set(machine, (tags = new Map()));
    let buf = tags.get(tag);
    if (!buf) tags.set(tag, (buf = { times: [], values: [], lines: [], firstLine: line }));
    buf.times.push(t);
    buf.values.push(value);
    buf.lines.push(line);
    this.held++;
    return buf.times.length >= this.perTag;
  }

  get full(): boolean {
    return this.held >= this.total;
  }

  machines(): string[] {
    return [...this.byMachine.keys()];
  }

  /** Removes and returns the machine's buffered samples per tag. */
  take(machine: string): Map<string, TagBuffer> {
    const tags = this.byMachine.get(machine) ?? new Map<string, TagBuffer>();
    this.byMachine.delete(machine);
    for (const b of tags.values()) this.held -= b.times.length;
    return tags;
  }
}

/** Samples of one tag that give one timestamp different values: every one of them is refused. */
export interface SampleConflict {
  t: number;
  samples: Array<{ line: number; value: number }>;
}

/**
 * Splits a tag's buffered samples into the ones to store and the conflicts: two or more
 * present values for one timestamp that differ. No value is picked; all samples of a
 * conflicting timestamp (a missing one too) are left out and returned with their lines.
 * The same value twice is harmless and kept (the store counts it as a duplicate).
 */
export function splitConflicts(buf: TagBuffer): { kept: TagBuffer; conflicts: SampleConflict[] } {
  const n = buf.times.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = buf.times[i] > buf.times[i - 1];
  if (sorted) return { kept: buf, conflicts: [] };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => buf.times[a] - buf.times[b] || a - b);
  const drop = new Set<number>();
  const conflicts: SampleConflict[] = [];
  for (let g = 0; g < n;) {
    let e = g + 1;
    while (e < n && buf.times[order[e]] === buf.times[order[g]]) e++;
    if (e - g > 1) {
      const group = order.slice(g, e);
      const present = group.filter((i) => buf.values[i] === buf.values[i]);
      if (new Set(present.map((i) => Math.fround(buf.values[i]))).size > 1) {
        for (const i of group) drop.add(i);
        conflicts.push({ t: buf.times[group[0]], samples: present.map((i) => ({ line: buf.lines[i], value: buf.values[i] })) });
      }
    }
    g = e;
  }
  if (drop.size === 0) return { kept: buf, conflicts };
  const kept: TagBuffer = { times: [], values: [], lines: [], firstLine: buf.firstLine };
  for (let i = 0; i < n; i++) {
    if (drop.has(i)) continue;
    kept.times.push(buf.times[i]);
    kept.values.push(buf.values[i]);
    kept.lines.push(buf.lines[i]);
  }
  if (kept.lines.length) kept.firstLine = kept.lines[0];
  return { kept, conflicts };
}
