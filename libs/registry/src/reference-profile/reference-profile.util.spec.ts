import { canonicalJson } from '@fleetgate/common';
import { decodeReferenceProfile, encodeReferenceProfile } from './reference-profile.codec';
import { alarmRate, computeReferenceProfile, profileColumn, signalLevel, subsampleSorted } from './reference-profile.util';
import { parseUploadedProfile } from './profile-upload.util';
import { PROFILE_QUANTILE_PROBS } from './reference-profile.types';
import { poolSignalLevels } from './signal-pool.util';

const close = (got: ArrayLike<number>, want: number[], digits = 9) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));
};

// x_i = ((37·i) mod 101) / 7 for i < 100, as float32 — a permutation-like, unsorted column.
const column = Float32Array.from({ length: 100 }, (_, i) => ((i * 37) % 101) / 7);

describe('profileColumn', () => {
  it('matches numpy on quantiles, moments and reference-quantile bins', () => {
    const p = profileColumn(column);
    // numpy 1.x: np.quantile(x, probs) (linear), x.mean(), x.std(), and
    // np.quantile(x, np.arange(1, 10) / 10) for the cut points, on the same float32 values.
    close(
      p.quantiles,
      [
        0.0, 0.14142857775092124, 0.7071428745985031, 1.4142857432365419, 3.535714268684387, 7.071428537368774, 10.75, 12.871428203582765, 13.57857117652893,
        14.144286117553712, 14.285714149475098,
      ],
    );
    expect(p.mean).toBeCloseTo(7.122857142239809, 9);
    expect(p.std).toBeCloseTo(4.1809099670209875, 9);
    close(
      p.binEdges,
      [
        1.4142857432365419, 2.8285714626312255, 4.242857027053833, 5.657143020629883, 7.071428537368774, 8.485714340209961, 10.042857265472412,
        11.457143020629884, 12.871428203582765,
      ],
    );
    close(p.binProportions, Array(10).fill(0.1), 12);
    expect(p.n).toBe(100);
    expect(p.min).toBe(0);
    expect(p.max).toBeCloseTo(14.285714149475098, 12);
    expect(Array.from(p.sample)).toEqual(Array.from(column).sort((a, b) => a - b));
  });

  it('skips NaN and gives NaN statistics for an empty column', () => {
    expect(profileColumn(Float32Array.of(NaN, 2, NaN, 4)).mean).toBe(3);
    const empty = profileColumn(Float32Array.of(NaN));
    expect(empty.n).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.quantiles).toHaveLength(PROFILE_QUANTILE_PROBS.length);
  });

  it('gives a flat sensor its own point-mass bin', () => {
    const p = profileColumn(new Float32Array(50).fill(518.67));
    expect(p.std).toBe(0);
    expect(p.binEdges).toHaveLength(2);
    expect(Array.from(p.binProportions)).toEqual([0, 1, 0]);
  });
});

describe('subsampleSorted', () => {
  it('keeps at most k evenly spaced order statistics, ends included, deterministically', () => {
    const sorted = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const s = subsampleSorted(sorted, 2000);
    expect(s).toHaveLength(2000);
    expect([s[0], s[1], s[1999]]).toEqual([0, 5, 9999]); // round(9999/1999) = 5
    expect(subsampleSorted(sorted, 2000)).toEqual(s);
    expect(subsampleSorted(Float64Array.of(1, 2, 3), 2000)).toEqual(Float64Array.of(1, 2, 3));
  });
});

describe('signalLevel', () => {
  it('averages the raw samples in the period, leaving out gaps and excluded spans', () => {
    const s = { startMs: 0, intervalMs: 10, values: Float32Array.of(1, 2, NaN, 4, 5, 100) };
    const level = signalLevel('x', s, 0, 60, [[50, 50]]);
    // 1, 2, 4, 5: mean 3, population std sqrt(2.5).
    expect(level).toEqual({ name: 'x', n: 4, mean: 3, std: Math.sqrt(2.5) });
    expect(signalLevel('x', s, 10, 40).n).toBe(2); // samples at 10 and 30; 20 is missing
  });
  it('keeps its precision on a large offset', () => {
    const level = signalLevel('p', { startMs: 0, intervalMs: 1, values: Float32Array.of(1e6 + 1, 1e6 + 2, 1e6 + 3) }, 0, 3);
    expect(level.mean).toBe(1e6 + 2);
    expect(level.std).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });
});

describe('computeReferenceProfile', () => {
  // 6 windows × 2 features; windows 2 and 3 precede a failure.
  const features = Float32Array.of(1, 10, 2, 20, 50, 500, 60, 600, 3, 30, 4, 40);
  const scores = Float32Array.of(0.1, 0.2, 0.9, 0.95, 0.3, 0.8);
  const healthy = Uint8Array.of(1, 1, 0, 0, 1, 1);
  const profile = computeReferenceProfile({
    featureNames: ['a.mean', 'b.mean'],
    features,
    rows: 6,
    scores,
    healthy,
    signals: [{ name: 'a', n: 10, mean: 2.5, std: 1 }],
    threshold: 0.5,
    higherIsWorse: true,
  });

  it('profiles features and output on healthy windows only', () => {
    expect(profile.windows).toEqual({ total: 6, healthy: 4 });
    expect(profile.features.map((f) => [f.name, f.n, f.mean, f.max])).toEqual([
      ['a.mean', 4, 2.5, 4],
      ['b.mean', 4, 25, 40],
    ]);
    expect(profile.output!.n).toBe(4);
    expect(profile.output!.max).toBeCloseTo(0.8, 6);
  });

  it('gives the alarm rate over all windows and over healthy ones', () => {
    expect(profile.alarmRate).toBe(3 / 6);
    expect(profile.healthyAlarmRate).toBe(1 / 4);
    // Lower is worse: alarms are scores below the threshold.
    expect(alarmRate(scores, 0.25, false)).toBe(2 / 6);
    expect(alarmRate([], 0.5, true)).toBeNaN();
  });

  it('survives JSON: NaN and Infinity encoded, typed arrays restored', () => {
    const odd = { ...profile, alarmRate: NaN, threshold: Infinity };
    const text = canonicalJson(encodeReferenceProfile(odd));
    const back = decodeReferenceProfile(JSON.parse(text));
    expect(back.alarmRate).toBeNaN();
    expect(back.threshold).toBe(Infinity);
    expect(back.features[1].sample).toEqual(profile.features[1].sample);
    expect(back.features[1].binEdges).toEqual(profile.features[1].binEdges);
  });

  it("keeps the pilot's own recall, and reads a profile stored before it as unknown", () => {
    const withRecall = { ...profile, recall: { failures: 3, detected: 1 } };
    expect(decodeReferenceProfile(JSON.parse(canonicalJson(encodeReferenceProfile(withRecall)))).recall).toEqual({ failures: 3, detected: 1 });
    expect(profile.recall).toBeNull();
    const older = encodeReferenceProfile(withRecall);
    delete older.recall;
    expect(decodeReferenceProfile(older).recall).toBeNull();
  });
});

describe('parseUploadedProfile', () => {
  const ctx = { featureNames: ['a.mean', 'b.mean'], signals: ['a', 'b'], threshold: 0.5, higherIsWorse: true };

  it('recomputes statistics from the uploaded samples, in manifest order', () => {
    const p = parseUploadedProfile(
      {
        features: [
          { name: 'b.mean', sample: [3, 1, 2] },
          { name: 'a.mean', sample: [5] },
        ],
        alarmRate: 0.02,
      },
      ctx,
    );
    expect(p.source).toBe('uploaded');
    expect(p.features.map((f) => f.name)).toEqual(['a.mean', 'b.mean']);
    expect(Array.from(p.features[1].sample)).toEqual([1, 2, 3]);
    expect(p.features[1].quantiles[5]).toBe(2);
    expect(p.alarmRate).toBe(0.02);
    expect(() => canonicalJson(encodeReferenceProfile(p))).not.toThrow();
  });

  it('refuses feature names that do not match the manifest, naming them', () => {
    const call = () =>
      parseUploadedProfile(
        {
          features: [
            { name: 'a.mean', sample: [1] },
            { name: 'c.max', sample: [1] },
          ],
        },
        ctx,
      );
    expect(call).toThrow('missing manifest features: b.mean');
    expect(call).toThrow('features not in the manifest: c.max');
  });

  it('refuses non-numeric samples and unknown signals', () => {
    expect(() =>
      parseUploadedProfile(
        {
          features: [
            { name: 'a.mean', sample: [1, 'x'] },
            { name: 'b.mean', sample: [1] },
          ],
        },
        ctx,
      ),
    ).toThrow('profile.features[0].sample[1]');
    expect(() =>
      parseUploadedProfile(
        {
          features: [
            { name: 'a.mean', sample: [1] },
            { name: 'b.mean', sample: [1] },
          ],
          signals: [{ name: 'zz', mean: 1, std: 1 }],
        },
        ctx,
      ),
    ).toThrow('signal zz is not an input');
  });
});

describe('poolSignalLevels', () => {
  it('pools per-machine levels exactly as if all samples were one series', () => {
    const a = signalLevel('x', { startMs: 0, intervalMs: 1, values: Float32Array.of(1, 2) }, 0, 2);
    const b = signalLevel('x', { startMs: 0, intervalMs: 1, values: Float32Array.of(4, 5, 6) }, 0, 3);
    const all = signalLevel('x', { startMs: 0, intervalMs: 1, values: Float32Array.of(1, 2, 4, 5, 6) }, 0, 5);
    const pooled = poolSignalLevels('x', [a, b, { name: 'x', n: 0, mean: NaN, std: NaN }]);
    expect(pooled.n).toBe(5);
    expect(pooled.mean).toBeCloseTo(all.mean, 12); // 3.6
    expect(pooled.std).toBeCloseTo(all.std, 12); // sqrt(3.44)
    expect(all.std).toBeCloseTo(Math.sqrt(3.44), 12);
    // The typical machine's own σ: the median of 0.5 and √(2/3); one machine has no separate one.
    expect(pooled.withinStd).toBeCloseTo((0.5 + Math.sqrt(2 / 3)) / 2, 12);
    expect(poolSignalLevels('x', [a]).withinStd).toBeUndefined();
  });
});
