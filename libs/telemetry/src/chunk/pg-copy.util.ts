/**
 * PostgreSQL binary COPY encoding for chunk rows: fewer bytes on the wire than text COPY
 * with hex bytea (which doubles every value byte) and no parsing on the server side.
 * Column order must match the COPY column list in the repository.
 */
export type CopyField =
  { kind: 'text'; value: string } | { kind: 'int8'; value: number } | { kind: 'int4'; value: number } | { kind: 'bytea'; value: Uint8Array };

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export function copyHeader(): Buffer {
  const b = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(b, 0);
  // flags (int32) = 0, header extension length (int32) = 0
  return b;
}

export function copyTrailer(): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(-1, 0);
  return b;
}

export function copyTuple(fields: CopyField[]): Buffer {
  let size = 2;
  const encoded: Array<Buffer | number> = [];
  for (const f of fields) {
    if (f.kind === 'text') {
      const b = Buffer.from(f.value, 'utf8');
      encoded.push(b);
      size += 4 + b.length;
    } else if (f.kind === 'bytea') {
      const b = Buffer.from(f.value.buffer, f.value.byteOffset, f.value.byteLength);
      encoded.push(b);
      size += 4 + b.length;
    } else {
      encoded.push(f.value);
      size += 4 + (f.kind === 'int8' ? 8 : 4);
    }
  }
  const out = Buffer.alloc(size);
  let at = out.writeInt16BE(fields.length, 0);
  fields.forEach((f, i) => {
    const e = encoded[i];
    if (typeof e === 'number') {
      if (f.kind === 'int8') {
        at = out.writeInt32BE(8, at);
        at = out.writeBigInt64BE(BigInt(e), at);
      } else {
        at = out.writeInt32BE(4, at);
        at = out.writeInt32BE(e, at);
      }
    } else {
      at = out.writeInt32BE(e.length, at);
      at += e.copy(out, at);
    }
  });
  return out;
}

/** One field of a binary COPY tuple as it came: its bytes (a view into the data, not a copy), or null for NULL. */
export type CopyCell = Buffer | null;

/**
 * The tuples of `COPY … TO STDOUT (FORMAT binary)` output, each a list of cells (the inverse of
 * `copyHeader` / `copyTuple` / `copyTrailer`). Cells are views into `data`: no copy, no hex text —
 * the reason to read by COPY at all (a `SELECT` sends `bytea` as hex text, twice the bytes, decoded
 * back on arrival). Throws on anything that is not complete binary COPY data, naming the byte.
 */
export function parseCopyTuples(data: Buffer): CopyCell[][] {
  const fail = (at: number, why: string): never => {
    throw new Error(`binary COPY data: ${why} at byte ${at}`);
  };
  if (data.length < SIGNATURE.length + 8 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) fail(0, 'no PGCOPY signature');
  let at = SIGNATURE.length + 4;
  at += 4 + data.readInt32BE(at); // header extension
  const tuples: CopyCell[][] = [];
  for (;;) {
    if (at + 2 > data.length) fail(at, 'no trailer');
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return tuples;
    const cells: CopyCell[] = new Array(fields);
    for (let f = 0; f < fields; f++) {
      if (at + 4 > data.length) fail(at, 'truncated field length');
      const length = data.readInt32BE(at);
      at += 4;
      if (length === -1) cells[f] = null;
      else {
        if (at + length > data.length) fail(at, `field of ${length} bytes runs past the end`);
        cells[f] = data.subarray(at, at + length);
        at += length;
      }
    }
    tuples.push(cells);
  }
}

/** An int8 cell as a number (exact up to 2^53: epoch milliseconds are). */
export const int8Cell = (cell: CopyCell): number => Number(cell!.readBigInt64BE(0));
