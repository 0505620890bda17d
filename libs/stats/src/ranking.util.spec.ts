import { auroc, prAuc } from './ranking.util';
import { uniforms } from './test-fixtures.util';

// sklearn 1.2, park_miller from test-fixtures.util.ts:
//   u = np.array(park_miller(11, 300)[0]); v = np.array(park_miller(12, 300)[0])
//   labels = (v < 0.3 + 0.4 * u).astype(int)    # 148 positives, informative but noisy
//   scores = np.round(u, 1)                      # heavy ties
//   roc_auc_score(labels, scores)  -> 0.613575746799431
//   average_precision_score(labels, scores) -> 0.5852184543496886
//   roc_auc_score(labels, u) -> 0.6157539118065434; average_precision_score(labels, u) -> 0.5979991572334441
//   average_precision_score([0,1,0,1,1], [0.5]*5) -> 0.6; roc_auc_score(...) -> 0.5
const u = uniforms(11, 300).values;
const v = uniforms(12, 300).values;
const labels = Uint8Array.from(v, (vi, i) => (vi < 0.3 + 0.4 * u[i] ? 1 : 0));
// Python's round(x, 1) and Math.round(x*10)/10 can differ on exact halves; none occur here.
const tied = u.map((x) => Math.round(x * 10) / 10);

describe('auroc', () => {
  it('matches sklearn roc_auc_score, with and without ties', () => {
    expect(labels.reduce((a, b) => a + b, 0)).toBe(148);
    expect(auroc(tied, labels)).toBeCloseTo(0.613575746799431, 14);
    expect(auroc(u, labels)).toBeCloseTo(0.6157539118065434, 14);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 when all scores tie', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auroc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auroc([0.5, 0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1, 1])).toBe(0.5);
    // One tie between classes counts half: pairs (p, n) = 4, wins 2.5.
    expect(auroc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875);
  });

  it('is NaN with a single class, including no data', () => {
    expect(auroc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(auroc([0.1, 0.2], [0, 0])).toBeNaN();
    expect(auroc([], [])).toBeNaN();
  });

  it('refuses labels other than 0/1, NaN scores and mismatched lengths', () => {
    expect(() => auroc([0.1, 0.2], [0, 2])).toThrow(RangeError);
    expect(() => auroc([NaN, 0.2], [0, 1])).toThrow(RangeError);
    expect(() => auroc([0.1], [0, 1])).toThrow(RangeError);
  });
});

describe('prAuc', () => {
  it('matches sklearn average_precision_score, with and without ties', () => {
    expect(prAuc(tied, labels)).toBeCloseTo(0.5852184543496886, 14);
    expect(prAuc(u, labels)).toBeCloseTo(0.5979991572334441, 14);
    expect(prAuc([0.5, 0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1, 1])).toBeCloseTo(0.6, 15);
  });

  it('is 1 for a perfect ranking and the hand-computed value otherwise', () => {
    expect(prAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    // Ranked: 0.9 (1), 0.8 (0), 0.7 (1): AP = ½·1 + ½·⅔.
    expect(prAuc([0.9, 0.8, 0.7], [1, 0, 1])).toBeCloseTo(5 / 6, 15);
  });

  it('is NaN without positives and 1 without negatives', () => {
    expect(prAuc([0.1, 0.2], [0, 0])).toBeNaN();
    expect(prAuc([0.1, 0.2], [1, 1])).toBe(1);
  });
});
