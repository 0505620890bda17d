import { HOUR_MS } from '@fleetgate/common';

/** One cycle = one hour from this fixed start, so engines line up on a clock. */
export const CMAPSS_START_MS = Date.UTC(2020, 0, 1);
export const CMAPSS_INTERVAL_MS = HOUR_MS;
/** Raw tags of the 24 value columns after unit and cycle, as the mapping rules name them. */
export const CMAPSS_TAGS: readonly string[] = [...[1, 2, 3].map((i) => `setting${i}`), ...Array.from({ length: 21 }, (_, i) => `s${i + 1}`)];
export const CMAPSS_COLUMNS = 2 + CMAPSS_TAGS.length;

export type CmapssRow = { unit: number; cycle: number; values: number[] } | { reason: string };

/** One whitespace-separated line: unit, cycle, 3 settings, 21 sensors. */
export function parseCmapssLine(line: string): CmapssRow {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== CMAPSS_COLUMNS) return { reason: `expected ${CMAPSS_COLUMNS} numbers (unit, cycle, 3 settings, 21 sensors), found ${parts.length}` };
  const nums = parts.map(Number);
  const bad = nums.findIndex((n) => !Number.isFinite(n));
  if (bad >= 0) return { reason: `column ${bad + 1} is not a number: "${parts[bad]}"` };
  const [unit, cycle] = nums;
  if (!Number.isInteger(unit) || unit < 1) return { reason: `unit must be a positive integer, got "${parts[0]}"` };
  if (!Number.isInteger(cycle) || cycle < 1 || cycle > 100_000) return { reason: `cycle must be a positive integer, got "${parts[1]}"` };
  return { unit, cycle, values: nums.slice(2) };
}

/** 'train_FD001.txt' → { dataSet: 'FD001', split: 'train' }; null when the name does not say. */
export function cmapssFileInfo(fileName: string): { dataSet: string; split: 'train' | 'test' } | null {
  const m = /(train|test)_(FD\d{3})/i.exec(fileName);
  return m ? { split: m[1].toLowerCase() as 'train' | 'test', dataSet: m[2].toUpperCase() } : null;
}

/** Engines of train and test files are both numbered from 1: the asset id carries the file. */
export function cmapssAssetId(dataSet: string, split: 'train' | 'test', unit: number): string {
  return `${dataSet}-${split === 'test' ? 'test-' : ''}${String(unit).padStart(3, '0')}`;
}

/** Time of a cycle (1-based). */
export function cycleTime(cycle: number): number {
  return CMAPSS_START_MS + (cycle - 1) * CMAPSS_INTERVAL_MS;
}

/** RUL file: one non-negative integer per line, line i for unit i. */
export function parseRul(text: string): { values: number[] } | { line: number; reason: string } {
  const values: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i].trim();
    if (s === '') continue;
    const v = Number(s);
    if (!Number.isInteger(v) || v < 0) return { line: i + 1, reason: `not a non-negative integer: "${s}"` };
    values.push(v);
  }
  return { values };
}
