import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { chunkGrid, copyChunkInto, decodeValues, encodeValues, mergeChunk, splitIntoChunks } from './chunk.util';
import { CopyField, CopyPieces, int8At, int8Cell, parseCopyTuples, visitCopyTuples } from './pg-copy.util';

const D0 = Date.UTC(2026, 0, 1);

describe('chunking', () => {
  it('splits a minute series spanning midnight into day chunks on the same grid', () => {
    // 23:58, 23:59, 00:00, 00:01 → two chunks; slot index = minutes since midnight
    const start = D0 + DAY_MS - 2 * 60_000;
    const chunks = splitIntoChunks('speed', { startMs: start, intervalMs: 60_000, values: Float32Array.from([1, 2, 3, 4]) });
    expect(chunks.map((c) => [c.day, c.startMs, c.values.length])).toEqual([
      [D0, D0, 1440],
      [D0 + DAY_MS, D0 + DAY_MS, 1440],
    ]);
    expect(Array.from(chunks[0].values.slice(1438))).toEqual([1, 2]);
    expect(Array.from(chunks[1].values.slice(0, 3))).toEqual([3, 4, NaN]);
    expect(chunks[0].values.filter((v) => v === v).length + chunks[1].values.filter((v) => v === v).length).toBe(4);
  });

  it('keeps an interval that does not divide the day on its own phase (7 h grid)', () => {
    const h = HOUR_MS;
    // grid 00:00, 07:00, 14:00, 21:00, then next day 04:00, 11:00, 18:00
    expect(chunkGrid(D0, D0 % (7 * h), 7 * h)).toEqual({ startMs: D0, length: 4 });
    const next = chunkGrid(D0 + DAY_MS, D0 % (7 * h), 7 * h);
    expect(next.startMs).toBe(D0 + DAY_MS + 4 * h);
    expect(next.length).toBe(3);
    const chunks = splitIntoChunks('x', { startMs: D0, intervalMs: 7 * h, values: Float32Array.from([0, 1, 2, 3, 4, 5, 6]) });
    expect(chunks.map((c) => Array.from(c.values))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('leaves out days with no sample at all', () => {
    const values = new Float32Array(3 * 24).fill(NaN);
    values[0] = 1;
    values[2 * 24 + 5] = 2;
    const chunks = splitIntoChunks('x', { startMs: D0, intervalMs: HOUR_MS, values });
    expect(chunks.map((c) => (c.day - D0) / DAY_MS)).toEqual([0, 2]);
  });

  it('round-trips Float32 bytes (NaN included) and decodes from an unaligned Buffer', () => {
    const values = Float32Array.from([1.5, NaN, -3.25, 1e30]);
    const bytes = encodeValues(values);
    expect(bytes.length).toBe(16);
    expect(bytes.readFloatLE(8)).toBe(-3.25);
    const unaligned = Buffer.concat([Buffer.from([9]), bytes]).subarray(1);
    expect(Array.from(decodeValues(unaligned))).toEqual([1.5, NaN, -3.25, Math.fround(1e30)]);
  });

  it('copies a chunk into a window, clipping both ends', () => {
    const target = new Float32Array(4).fill(NaN);
    copyChunkInto(encodeValues(Float32Array.from([1, 2, 3, 4, 5, 6])), 1000, 10, target, 1030);
    expect(Array.from(target)).toEqual([4, 5, 6, NaN]);
    const target2 = new Float32Array(4).fill(NaN);
    copyChunkInto(encodeValues(Float32Array.from([1, 2])), 1020, 10, target2, 1000);
    expect(Array.from(target2)).toEqual([NaN, NaN, 1, 2]);
  });
});

describe('mergeChunk', () => {
  it('stores the same sample once, replaces a different value, never erases with a missing one', () => {
    const stored = Float32Array.from([1, NaN, 3, 4]);
    const r = mergeChunk(stored, Float32Array.from([1, 2, 30, NaN]));
    expect(Array.from(r.values)).toEqual([1, 2, 30, 4]);
    expect({ written: r.written, duplicates: r.duplicates, replaced: r.replaced, changed: r.changed }).toEqual({
      written: 1,
      duplicates: 1,
      replaced: 1,
      changed: true,
    });
    const again = mergeChunk(r.values, Float32Array.from([1, 2, 30, NaN]));
    expect({ written: again.written, duplicates: again.duplicates, replaced: again.replaced, changed: again.changed }).toEqual({
      written: 0,
      duplicates: 3,
      replaced: 0,
      changed: false,
    });
  });

  it('counts every present sample of a fresh chunk as written', () => {
    expect(mergeChunk(null, Float32Array.from([NaN, 1, 2])).written).toBe(2);
  });
});

describe('binary COPY encoding', () => {
  const pieceData = (pieceBytes: number, tuples: CopyField[][]): { data: Buffer; pieces: Buffer[] } => {
    const copy = new CopyPieces(pieceBytes);
    const pieces: Buffer[] = [];
    for (const t of tuples) {
      const full = copy.add(t);
      if (full) pieces.push(full);
    }
    pieces.push(copy.end());
    return { data: Buffer.concat(pieces), pieces };
  };

  it('writes the PGCOPY signature, typed fields with lengths, and the -1 trailer', () => {
    const { data } = pieceData(1024, [
      [
        { kind: 'text', value: 'ab' },
        { kind: 'int8', value: 2 ** 40 },
        { kind: 'int4', value: 7 },
        { kind: 'bytea', value: Uint8Array.from([1, 2, 3]) },
      ],
    ]);
    expect(data.toString('latin1', 0, 11)).toBe('PGCOPY\n\xff\r\n\0');
    expect(data.readInt32BE(11)).toBe(0);
    expect(data.readInt32BE(15)).toBe(0);
    const t = data.subarray(19);
    expect(t.readInt16BE(0)).toBe(4);
    expect(t.readInt32BE(2)).toBe(2);
    expect(t.toString('utf8', 6, 8)).toBe('ab');
    expect(t.readInt32BE(8)).toBe(8);
    expect(Number(t.readBigInt64BE(12))).toBe(2 ** 40);
    expect(t.readInt32BE(20)).toBe(4);
    expect(t.readInt32BE(24)).toBe(7);
    expect(t.readInt32BE(28)).toBe(3);
    expect(Array.from(t.subarray(32, 35))).toEqual([1, 2, 3]);
    expect(t.readInt16BE(35)).toBe(-1);
    expect(t.length).toBe(37);
  });

  it('splits the data into pieces between tuples, none past its size unless one tuple is larger, and reads back every field', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      name: i % 3 === 0 ? `pression-ε-${i}` : `s${i}`,
      // int8 halves: negative, around 2^32, the largest safe integer
      big: [-1, -(2 ** 40) - 3, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, Date.UTC(2026, 0, 1) + i][i % 6],
      small: 7 - i * 1000,
      bytes: Uint8Array.from({ length: i === 7 ? 700 : i }, (_, k) => (k * 31 + i) & 255),
    }));
    const tuples: CopyField[][] = rows.map((r) => [
      { kind: 'text', value: r.name },
      { kind: 'int8', value: r.big },
      { kind: 'int4', value: r.small },
      { kind: 'bytea', value: r.bytes },
    ]);
    const { data, pieces } = pieceData(256, tuples);
    expect(pieces.length).toBeGreaterThan(5);
    // Only the piece holding row 7's 700 bytes is larger than 256; every piece boundary falls between tuples.
    expect(pieces.filter((p) => p.length > 256).length).toBe(1);
    const back = parseCopyTuples(data);
    expect(back.map((cells) => [cells[0]!.toString('utf8'), int8Cell(cells[1]), cells[2]!.readInt32BE(0), Array.from(cells[3]!)])).toEqual(
      rows.map((r) => [r.name, r.big, r.small, Array.from(r.bytes)]),
    );
    // The same fields walked in place: offsets into the data, int8 read as two halves.
    const walked: unknown[] = [];
    visitCopyTuples(data, (at, lengths, fields) =>
      walked.push([
        fields,
        data.toString('utf8', at[0], at[0] + lengths[0]),
        int8At(data, at[1]),
        data.readInt32BE(at[2]),
        Array.from(data.subarray(at[3], at[3] + lengths[3])),
      ]),
    );
    expect(walked).toEqual(rows.map((r) => [4, r.name, r.big, r.small, Array.from(r.bytes)]));
  });

  it('ends with the trailer also when the last piece is full to the byte', () => {
    const tuple: CopyField[] = [{ kind: 'bytea', value: new Uint8Array(32) }];
    // header 19 + one tuple of 2 + 4 + 32 = 57 bytes fills a 57-byte piece.
    const { data, pieces } = pieceData(57, [tuple]);
    expect(pieces.map((p) => p.length)).toEqual([59]);
    expect(parseCopyTuples(data)).toHaveLength(1);
  });

  it('reads back what it writes: cells as views, NULL as null, int8 as numbers; incomplete data is refused naming the byte', () => {
    const written = pieceData(1024, [
      [
        { kind: 'text', value: 'speed' },
        { kind: 'int8', value: Date.UTC(2026, 0, 1) },
        { kind: 'bytea', value: Uint8Array.from([9, 8, 7]) },
      ],
    ]).data;
    const nullField = Buffer.alloc(6);
    nullField.writeInt16BE(1, 0);
    nullField.writeInt32BE(-1, 2);
    // a NULL cell (the writer has none to write) between the tuple and the trailer
    const data = Buffer.concat([written.subarray(0, written.length - 2), nullField, written.subarray(written.length - 2)]);
    const [first, second, ...rest] = parseCopyTuples(data);
    expect(rest).toEqual([]);
    expect(first[0]!.toString('utf8')).toBe('speed');
    expect(int8Cell(first[1])).toBe(Date.UTC(2026, 0, 1));
    expect(Array.from(first[2]!)).toEqual([9, 8, 7]);
    expect(first[2]!.buffer).toBe(data.buffer);
    expect(second).toEqual([null]);
    const lengths: number[][] = [];
    visitCopyTuples(data, (_, l, fields) => lengths.push(Array.from(l.subarray(0, fields))));
    expect(lengths).toEqual([[5, 8, 3], [-1]]);
    expect(() => visitCopyTuples(data.subarray(0, data.length - 9), () => undefined)).toThrow('field of 3 bytes runs past the end');
    expect(() => parseCopyTuples(data.subarray(0, data.length - 2))).toThrow(`binary COPY data: no trailer at byte ${data.length - 2}`);
    expect(() => parseCopyTuples(data.subarray(0, data.length - 6))).toThrow('truncated field length');
    expect(() => parseCopyTuples(data.subarray(0, data.length - 9))).toThrow('field of 3 bytes runs past the end');
    expect(() => parseCopyTuples(Buffer.from('PGCOPX'))).toThrow('no PGCOPY signature at byte 0');
  });
});
