/**
 * Buffers raw samples per machine × raw tag until a flush, so a file larger than memory
 * imports in bounded memory: the importer flushes a machine when one of its tags holds
 * `perTag` samples, and every machine when `total` are held.
 */
export class SampleAccumulator {
  private readonly byMachine = new Map<string, Map<string, { times: number[]; values: number[]; firstLine: number }>>();
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
    if (!buf) tags.set(tag, (buf = { times: [], values: [], firstLine: line }));
    buf.times.push(t);
    buf.values.push(value);
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
  take(machine: string): Map<string, { times: number[]; values: number[]; firstLine: number }> {
    const tags = this.byMachine.get(machine) ?? new Map();
    this.byMachine.delete(machine);
    for (const b of tags.values()) this.held -= b.times.length;
    return tags;
  }
}
