import { sha256Hex } from '@fleetgate/common';
import { InferenceErrorCode } from '../inference.exception';
import { InferenceSessionCache } from './inference-session.cache';
import { codeOf, expectedScores, expectScores, featureRows, logistic } from './onnx-test-models.util';
import { runBatched } from './run-batched.util';

describe('InferenceSessionCache', () => {
  it('loads a model once and reuses the session for the same bytes', async () => {
    const cache = new InferenceSessionCache();
    const bytes = logistic();
    const first = await cache.use(bytes, (c) => c.session);
    const second = await cache.use(Uint8Array.from(bytes), (c) => c.session);
    expect(second).toBe(first);
    expect(cache.stats()).toEqual({ size: 1, hits: 1, misses: 1, evictions: 0 });
    await cache.clear();
  });

  it('shares one load between concurrent first uses', async () => {
    const cache = new InferenceSessionCache();
    const bytes = logistic();
    const sessions = await Promise.all([1, 2, 3].map(() => cache.use(bytes, (c) => c.session)));
    expect(new Set(sessions).size).toBe(1);
    expect(cache.stats().misses).toBe(1);
    await cache.clear();
  });

  it('stays within maxEntries, evicting the least recently used model', async () => {
    const cache = new InferenceSessionCache({ maxEntries: 2 });
    const [a, b, c] = [0.1, 0.2, 0.3].map((bias) => logistic(bias));
    await cache.use(a, () => undefined);
    await cache.use(b, () => undefined);
    await cache.use(a, () => undefined); // a is now the most recent
    const cSha = await cache.use(c, (s) => s.sha256);
    expect(cache.stats()).toMatchObject({ size: 2, evictions: 1 });
    expect(cache.has(sha256Hex(a))).toBe(true);
    expect(cache.has(sha256Hex(b))).toBe(false);
    expect(cache.has(cSha)).toBe(true);
    await cache.clear();
  });

  it('keeps an evicted session usable until its running user finishes', async () => {
    const cache = new InferenceSessionCache({ maxEntries: 1 });
    const features = featureRows(9);
    const scores = await cache.use(logistic(), async ({ session, sha256 }) => {
      await cache.use(logistic(0.9), () => undefined); // pushes this model out of the cache
      expect(cache.has(sha256)).toBe(false);
      return runBatched(session, 'x', 'prob', features, 9, 3, 4);
    });
    expectScores(scores, expectedScores(features, 9));
    expect(cache.stats()).toMatchObject({ size: 1, evictions: 1 });
    await cache.clear();
  });

  it('loads by sha256 only on a miss, and refuses bytes that do not match the address', async () => {
    const cache = new InferenceSessionCache();
    const bytes = logistic();
    const sha = sha256Hex(bytes);
    let loads = 0;
    const load = async (): Promise<Uint8Array> => {
      loads++;
      return bytes;
    };
    const features = featureRows(3);
    const scores = await cache.useBySha256(sha, load, ({ session }) => runBatched(session, 'x', 'prob', features, 3, 3));
    expectScores(scores, expectedScores(features, 3));
    await cache.useBySha256(sha.toUpperCase(), load, () => undefined);
    expect(loads).toBe(1);

    const wrong = 'f'.repeat(64);
    expect(await codeOf(cache.useBySha256(wrong, load, () => undefined))).toBe(
      `${InferenceErrorCode.ModelIntegrity}: model artifact hashes to ${sha}, expected ${wrong}`,
    );
    expect(cache.has(wrong)).toBe(false);
    await cache.clear();
  });

  it('refuses an unloadable model without caching the failure', async () => {
    const cache = new InferenceSessionCache();
    const junk = new TextEncoder().encode('junk');
    expect(await codeOf(cache.use(junk, () => undefined))).toMatch(/^INVALID_MODEL: onnxruntime could not load/);
    expect(await codeOf(cache.use(junk, () => undefined))).toMatch(/^INVALID_MODEL/);
    expect(cache.stats()).toMatchObject({ size: 0, misses: 2 });
  });
});
