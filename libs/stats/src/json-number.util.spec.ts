import { decodeNonFinite, encodeNonFinite } from './json-number.util';
import { wassersteinNormalised } from './wasserstein.util';

describe('encodeNonFinite / decodeNonFinite', () => {
  it('keeps a flat-reference Infinity distinguishable from "not computed" through JSON', () => {
    const stats = {
      flatAndMoving: encodeNonFinite(wassersteinNormalised([2, 2, 2], [2, 3])),
      noData: encodeNonFinite(wassersteinNormalised([], [1])),
      normal: encodeNonFinite(0.25),
    };
    const back = JSON.parse(JSON.stringify(stats));
    expect(back).toEqual({ flatAndMoving: 'Infinity', noData: null, normal: 0.25 });
    expect(decodeNonFinite(back.flatAndMoving)).toBe(Infinity);
    expect(decodeNonFinite(back.noData)).toBeNaN();
    expect(decodeNonFinite(back.normal)).toBe(0.25);
    expect(decodeNonFinite(encodeNonFinite(-Infinity))).toBe(-Infinity);
  });
});
