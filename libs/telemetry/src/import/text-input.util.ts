import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { telemetryErrors } from '../telemetry.exception';
import { sniffText } from './csv-row.util';

/** A file on disk (streamed) or text already in memory (an api body). */
export type TextInput = { path: string } | { text: string; name: string };

const SNIFF_BYTES = 64 * 1024;

export function inputName(input: TextInput): string {
  return 'path' in input ? path.basename(input.path) : input.name;
}

/** Refuses an empty or binary input before anything is read further or written. */
export async function assertText(input: TextInput): Promise<void> {
  let head: Uint8Array;
  if ('path' in input) {
    let fd: fs.promises.FileHandle;
    try {
      fd = await fs.promises.open(input.path, 'r');
    } catch (error) {
      throw telemetryErrors.unreadable(input.path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message);
    }
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await fd.read(buf, 0, SNIFF_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fd.close();
    }
  } else {
    head = Buffer.from(input.text.slice(0, SNIFF_BYTES), 'utf8');
  }
  const sniff = sniffText(head);
  if (!sniff.ok) throw telemetryErrors.unreadable(inputName(input), sniff.why);
}

export function openStream(input: TextInput): Readable {
  return 'path' in input ? fs.createReadStream(input.path) : Readable.from([input.text]);
}
