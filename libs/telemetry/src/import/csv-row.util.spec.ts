import { cellCountProblem, longHeader, parseLongRow, parseTimestamp, parseValue, sniffText } from './csv-row.util';

describe('parseTimestamp', () => {
  it('reads ISO with and without zone (no zone = UTC) and epoch ms', () => {
    expect(parseTimestamp('2026-01-01T06:00:00Z')).toBe(Date.UTC(2026, 0, 1, 6));
    expect(parseTimestamp('2026-01-01T06:00:00')).toBe(Date.UTC(2026, 0, 1, 6));
    expect(parseTimestamp('2026-01-01 06:00')).toBe(Date.UTC(2026, 0, 1, 6));
    expect(parseTimestamp('2026-01-01T07:00:00+01:00')).toBe(Date.UTC(2026, 0, 1, 6));
    expect(parseTimestamp('1767225600000')).toBe(Date.UTC(2026, 0, 1));
  });
  it('refuses what is not a time', () => {
    for (const bad of ['yesterday', '2026-13-01T00:00Z', '01/02/2026', '', '17']) expect(parseTimestamp(bad)).toBeNull();
  });
});

describe('parseValue', () => {
  it('numbers, explicit missing → NaN, garbage → null', () => {
    expect(parseValue(' 3.5 ')).toBe(3.5);
    expect(parseValue('-1e3')).toBe(-1000);
    expect(parseValue('')).toBeNaN();
    expect(parseValue('NaN')).toBeNaN();
    expect(parseValue('abc')).toBeNull();
    expect(parseValue('12,5')).toBeNull();
    expect(parseValue('1e400')).toBeNull();
  });
});

describe('long rows', () => {
  const h = longHeader(['timestamp', 'Asset_ID', 'tag', 'value']);
  it('finds columns by name in any order and names the missing ones', () => {
    expect(h).toEqual({ index: { asset_id: 1, timestamp: 0, tag: 2, value: 3 } });
    expect(longHeader(['asset_id', 'time', 'value'])).toEqual({ missing: ['timestamp', 'tag'] });
  });
  it('gives a reason for each kind of bad row', () => {
    const index = (h as { index: Record<'asset_id' | 'timestamp' | 'tag' | 'value', number> }).index;
    expect(parseLongRow(['2026-01-01T00:00Z', 'A1', 'vib1', '2.5'], index)).toEqual({ assetId: 'A1', t: Date.UTC(2026, 0, 1), tag: 'vib1', value: 2.5 });
    expect(parseLongRow(['noon', 'A1', 'vib1', '2.5'], index)).toEqual({ reason: 'bad timestamp "noon" (ISO-8601 or epoch ms)' });
    expect(parseLongRow(['2026-01-01', 'A1', 'vib1', 'high'], index)).toEqual({ reason: 'non-numeric value "high"' });
    expect(parseLongRow(['2026-01-01', '', 'vib1', '1'], index)).toEqual({ reason: 'empty asset_id' });
  });
});

describe('sniffText', () => {
  it('refuses empty and binary content, accepts UTF-8 text cut mid-character', () => {
    expect(sniffText(new Uint8Array())).toEqual({ ok: false, why: 'the file is empty' });
    expect(sniffText(Buffer.from('  \n\n'))).toEqual({ ok: false, why: 'the file is empty' });
    expect(sniffText(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00]))).toMatchObject({ ok: false, why: expect.stringContaining('NUL byte at offset 4') });
    expect(sniffText(Uint8Array.from([0x61, 0xff, 0xfe, 0x62]))).toMatchObject({ ok: false, why: expect.stringContaining('not UTF-8') });
    const text = Buffer.from('timestamp,Bearing Temperature (°C)\n');
    expect(sniffText(text.subarray(0, text.indexOf(0xb0)))).toEqual({ ok: true });
  });
});

describe('cellCountProblem', () => {
  // Small literal CSVs split as csv-parse splits them (unquoted commas separate cells).
  const cells = (row: string): string[] => row.split(',');
  const header = cells('timestamp,P200_RPM,P200_BRG_TEMP_F,P200_FLOW');

  it('accepts a row with as many cells as the header, empty cells included', () => {
    expect(cellCountProblem(cells('2026-01-01T00:00Z,1450,180.5,12.5'), header.length)).toBeNull();
    expect(cellCountProblem(cells('2026-01-01T00:00Z,,180.5,'), header.length)).toBeNull();
  });
  it('names an unquoted decimal comma (12,5) instead of shifting the later values', () => {
    expect(cellCountProblem(cells('2026-01-01T00:00Z,1450,180.5,12,5'), header.length)).toBe(
      '5 cells, header has 4 — a decimal comma? quote the value or use a point',
    );
    expect(cellCountProblem(cells('2026-01-01T00:00Z,1450,-3,25,12.5'), header.length)).toContain('a decimal comma?');
    // quoted, the same value is one cell
    expect(cellCountProblem(['2026-01-01T00:00Z', '1450', '180.5', '12,5'], header.length)).toBeNull();
  });
  it('refuses other extra cells and short rows with the counts', () => {
    expect(cellCountProblem(cells('2026-01-01T00:00Z,1450,180.5,12.5,oops'), header.length)).toBe('5 cells, header has 4 — an unquoted comma in a value?');
    expect(cellCountProblem(cells('2026-01-01T00:00Z,1450,180.5,12.5,'), header.length)).toBe('5 cells, header has 4 — an unquoted comma in a value?');
    expect(cellCountProblem(cells('2026-01-01T00:00Z,1450'), header.length)).toBe('2 cells, header has 4 — a missing value still needs its (empty) cell');
  });
});
