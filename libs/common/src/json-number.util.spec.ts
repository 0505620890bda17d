import { decodeNonFinite, encodeNonFinite, jsonSafe } from './json-number.util';

describe('encodeNonFinite / decodeNonFinite', () => {
  it('keeps an unbounded Infinity distinguishable from "not computed" through JSON', () => {
    // W1/σ of a moving sample against a flat reference is +Infinity; of no data, NaN.
    const stats = { flatAndMoving: encodeNonFinite(1 / 0), noData: encodeNonFinite(0 / 0), normal: encodeNonFinite(0.25) };
    const back = JSON.parse(JSON.stringify(stats));
    expect(back).toEqual({ flatAndMoving: 'Infinity', noData: null, normal: 0.25 });
    expect(decodeNonFinite(back.flatAndMoving)).toBe(Infinity);
    expect(decodeNonFinite(back.noData)).toBeNaN();
    expect(decodeNonFinite(back.normal)).toBe(0.25);
    expect(decodeNonFinite(encodeNonFinite(-Infinity))).toBe(-Infinity);
  });
});

describe('jsonSafe', () => {
  it('encodes every number of a nested value the same way', () => {
    const value = { a: [1, NaN, Infinity], b: { c: -Infinity, d: undefined, e: 'x' }, f: Float32Array.of(0.5, NaN), g: null };
    expect(JSON.parse(JSON.stringify(jsonSafe(value)))).toEqual({ a: [1, null, 'Infinity'], b: { c: '-Infinity', e: 'x' }, f: [0.5, null], g: null });
  });
});
