import { HOUR_MS } from '@fleetgate/common';
import { cmapssAssetId, cmapssFileInfo, cycleTime, parseCmapssLine, parseRul } from './cmapss.util';

describe('C-MAPSS parsing', () => {
  it('reads a real train_FD001 line (trailing spaces included)', () => {
    const r = parseCmapssLine(
      '1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 1400.60 14.62 21.61 554.36 2388.06 9046.19 1.30 47.47 521.66 2388.02 8138.62 8.4195 0.03 392 2388 100.00 39.06 23.4190  ',
    );
    expect(r).toMatchObject({ unit: 1, cycle: 1 });
    const values = (r as { values: number[] }).values;
    expect(values).toHaveLength(24);
    expect(values[3]).toBe(518.67); // s1
    expect(values[23]).toBe(23.419); // s21
  });

  it('says what is wrong with a bad line', () => {
    expect(parseCmapssLine('1 2 3')).toEqual({ reason: expect.stringContaining('found 3') });
    expect(parseCmapssLine(`1 x ${'1 '.repeat(24)}`)).toEqual({ reason: 'column 2 is not a number: "x"' });
  });

  it('names engines per file and puts cycles on an hourly clock', () => {
    expect(cmapssFileInfo('data/train_FD001.txt')).toEqual({ split: 'train', dataSet: 'FD001' });
    expect(cmapssFileInfo('engines.txt')).toBeNull();
    expect(cmapssAssetId('FD001', 'train', 7)).toBe('FD001-007');
    expect(cmapssAssetId('FD001', 'test', 100)).toBe('FD001-test-100');
    expect(cycleTime(25) - cycleTime(1)).toBe(24 * HOUR_MS);
  });

  it('reads RUL lines and points at a bad one', () => {
    expect(parseRul('112\n98\n\n69\n')).toEqual({ values: [112, 98, 69] });
    expect(parseRul('112\n-3\n')).toEqual({ line: 2, reason: 'not a non-negative integer: "-3"' });
  });
});
