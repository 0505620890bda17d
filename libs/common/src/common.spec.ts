import { canonicalJson } from './canonical-json.util';
import { formatDuration, parseDuration } from './duration.util';
import { parseIsoTime } from './time.util';

describe('canonicalJson', () => {
  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } })).toBe(canonicalJson({ a: { c: 'z', d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('refuses NaN and Infinity, naming where they are', () => {
    expect(() => canonicalJson({ a: [1, NaN] })).toThrow('$.a[1]');
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['6h', 21_600_000],
    ['7d', 604_800_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('refuses garbage and zero', () => {
    expect(() => parseDuration('6 hours')).toThrow('not a duration: "6 hours"');
    expect(() => parseDuration('0h')).toThrow('positive');
  });

  it('refuses a duration past 100 years (a typo, and past every epoch-ms column)', () => {
    expect(parseDuration('36600d')).toBe(36_600 * 86_400_000);
    expect(() => parseDuration('36601d')).toThrow('longer than 100 years');
    expect(() => parseDuration('99999999999999999999d')).toThrow('longer than 100 years');
  });

  it('formats back to the shortest exact unit', () => {
    expect(formatDuration(21_600_000)).toBe('6h');
    expect(formatDuration(5_400_000)).toBe('90m');
  });
});

describe('parseIsoTime', () => {
  it('accepts dates and date-times, refuses the rest', () => {
    expect(parseIsoTime('2026-01-01')).toBe(Date.UTC(2026, 0, 1));
    expect(parseIsoTime('2026-01-01T06:00:00Z')).toBe(Date.UTC(2026, 0, 1, 6));
    expect(parseIsoTime('2026-13-01')).toBeNull();
    expect(parseIsoTime('yesterday')).toBeNull();
    expect(parseIsoTime('1700000000')).toBeNull();
  });

  it('refuses years outside 1970–2100 (an unbounded window is not a window)', () => {
    expect(parseIsoTime('0001-01-01')).toBeNull();
    expect(parseIsoTime('9999-12-31')).toBeNull();
    expect(parseIsoTime('1969-12-31T23:59:59Z')).toBeNull();
    expect(parseIsoTime('2101-01-01')).toBeNull();
    expect(parseIsoTime('1970-01-01')).toBe(0);
    expect(parseIsoTime('2100-12-31')).toBe(Date.UTC(2100, 11, 31));
  });
});
