/**
 * PostgreSQL binary COPY encoding for chunk rows: fewer bytes on the wire than text COPY
 * with hex bytea (which doubles every value byte) and no parsing on the server side.
 * Column order must match the COPY column list in the repository.
 */
export type CopyField =
  { kind: 'text'; value: string } | { kind: 'int8'; value: number } | { kind: 'int4'; value: number } | { kind: 'bytea'; value: Uint8Array };

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Binary COPY data written straight into pieces of at least `pieceBytes`, each handed on whole:
 * no buffer per tuple or field. A chunk row's samples and rollup used to be copied into a tuple of
 * their own and then into the piece, and the garbage of it cost simulate + store more than the
 * copies did (a CPU profile).
 */
export class CopyPieces {
  private piece: Buffer;
  private at: number;

  constructor(private readonly pieceBytes: number) {
    this.piece = Buffer.allocUnsafe(Math.max(pieceBytes, SIGNATURE.length + 8));
    this.at = SIGNATURE.copy(this.piece, 0);
    // flags (int32) = 0, header extension length (int32) = 0
    this.at = this.piece.writeInt32BE(0, this.at);
    this.at = this.piece.writeInt32BE(0, this.at);
  }

  /** Appends a tuple. Returns the piece before it when the tuple did not fit there (send it), else null. */
  add(fields: CopyField[]): Buffer | null {
    const size = tupleBytes(fields);
    let full: Buffer | null = null;
    if (this.at + size > this.piece.length) {
      full = this.piece.subarray(0, this.at);
      this.piece = Buffer.allocUnsafe(Math.max(this.pieceBytes, size + 2));
      this.at = 0;
    }
    this.at = writeTuple(fields, this.piece, this.at);
    return full;
  }

  /** The last piece, ending with the trailer. */
  end(): Buffer {
    const last = this.at + 2 <= this.piece.length ? this.piece : Buffer.concat([this.piece.subarray(0, this.at), Buffer.alloc(2)]);
    last.writeInt16BE(-1, this.at);
    return last.subarray(0, this.at + 2);
  }
}

function tupleBytes(fields: CopyField[]): number {
  let size = 2;
  for (const f of fields) {
    if (f.kind === 'text') size += 4 + Buffer.byteLength(f.value, 'utf8');
    else if (f.kind === 'bytea') size += 4 + f.value.byteLength;
    else size += 4 + (f.kind === 'int8' ? 8 : 4);
  }
  return size;
}

const TWO_32 = 2 ** 32;

/** Writes a tuple at `at`; returns the offset after it. */
function writeTuple(fields: CopyField[], out: Buffer, at: number): number {
  at = out.writeInt16BE(fields.length, at);
  for (const f of fields) {
    if (f.kind === 'text') {
      const length = out.write(f.value, at + 4, 'utf8');
      at = out.writeInt32BE(length, at) + length;
    } else if (f.kind === 'bytea') {
      at = out.writeInt32BE(f.value.byteLength, at);
      out.set(f.value, at);
      at += f.value.byteLength;
    } else if (f.kind === 'int8') {
      // Two 32-bit halves, not a BigInt per value: exact for safe integers (epoch milliseconds are).
      const high = Math.floor(f.value / TWO_32);
      at = out.writeInt32BE(8, at);
      at = out.writeInt32BE(high, at);
      at = out.writeUInt32BE(f.value - high * TWO_32, at);
    } else {
      at = out.writeInt32BE(4, at);
      at = out.writeInt32BE(f.value, at);
    }
  }
  return at;
}

/** One field of a binary COPY tuple as it came: its bytes (a view into the data, not a copy), or null for NULL. */
export type CopyCell = Buffer | null;

/**
 * The tuples of `COPY … TO STDOUT (FORMAT binary)` output, each a list of cells (the inverse of
 * `CopyPieces`). Cells are views into `data`: no copy, no hex text —
 * the reason to read by COPY at all (a `SELECT` sends `bytea` as hex text, twice the bytes, decoded
 * back on arrival). Throws on anything that is not complete binary COPY data, naming the byte.
 */
export function parseCopyTuples(data: Buffer): CopyCell[][] {
  const tuples: CopyCell[][] = [];
  visitCopyTuples(data, (at, lengths, fields) => {
    const cells: CopyCell[] = new Array(fields);
    for (let f = 0; f < fields; f++) cells[f] = lengths[f] === -1 ? null : data.subarray(at[f], at[f] + lengths[f]);
    tuples.push(cells);
  });
  return tuples;
}

/**
 * Walks the tuples of binary COPY output without making anything per cell: `visit` gets, per
 * tuple, where each field starts in `data` and its length (−1 for NULL) — arrays reused from one
 * tuple to the next, valid during the call. A reader of 720 rollup days a machine builds only what
 * it keeps (`parseCopyTuples` makes a Buffer per cell). Throws as `parseCopyTuples` does.
 */
export function visitCopyTuples(data: Buffer, visit: (at: Int32Array, lengths: Int32Array, fields: number) => void): void {
  const fail = (at: number, why: string): never => {
    throw new Error(`binary COPY data: ${why} at byte ${at}`);
  };
  if (data.length < SIGNATURE.length + 8 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) fail(0, 'no PGCOPY signature');
  let at = SIGNATURE.length + 4;
  at += 4 + data.readInt32BE(at); // header extension
  let starts = new Int32Array(16);
  let lengths = new Int32Array(16);
  for (;;) {
    if (at + 2 > data.length) fail(at, 'no trailer');
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return;
    if (fields > starts.length) {
      starts = new Int32Array(fields);
      lengths = new Int32Array(fields);
    }
    for (let f = 0; f < fields; f++) {
      if (at + 4 > data.length) fail(at, 'truncated field length');
      const length = data.readInt32BE(at);
      at += 4;
      starts[f] = at;
      lengths[f] = length;
      if (length === -1) continue;
      if (at + length > data.length) fail(at, `field of ${length} bytes runs past the end`);
      at += length;
    }
    visit(starts, lengths, fields);
  }
}

/** The int8 at byte `at` of `data` as a number (exact up to 2^53: epoch milliseconds are), without a BigInt. */
export function int8At(data: Buffer, at: number): number {
  return data.readInt32BE(at) * 4294967296 + data.readUInt32BE(at + 4);
}

/** An int8 cell as a number (exact up to 2^53: epoch milliseconds are). */
export const int8Cell = (cell: CopyCell): number => Number(cell!.readBigInt64BE(0));
