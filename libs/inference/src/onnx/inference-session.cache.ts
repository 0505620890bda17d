import { InferenceSession } from 'onnxruntime-node';
import { InferenceErrorCode, InferenceException } from '../inference.exception';
import { sha256Hex } from '@fleetgate/common';

export interface CachedSession {
  sha256: string;
  session: InferenceSession;
}

export interface InferenceSessionCacheOptions {
  /** Sessions kept loaded at once (least recently used goes first). Default 8. */
  maxEntries?: number;
  sessionOptions?: InferenceSession.SessionOptions;
}

export interface InferenceSessionCacheStats {
  size: number;
  hits: number;
  misses: number;
  evictions: number;
}

interface Entry {
  sha256: string;
  session: Promise<InferenceSession>;
  pins: number;
  evicted: boolean;
}

/**
 * Loaded ONNX sessions keyed by the sha256 of the model bytes, so a worker loads each
 * model version once however many machines it evaluates. Sessions are only reachable
 * inside `use*` callbacks: an evicted session is released when its last user is done,
 * never under a running inference.
 */
export class InferenceSessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly sessionOptions: InferenceSession.SessionOptions | undefined;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(options: InferenceSessionCacheOptions = {}) {
    const max = options.maxEntries ?? 8;
    if (!Number.isInteger(max) || max < 1) {
      throw new InferenceException(InferenceErrorCode.InvalidInput, `maxEntries must be a positive integer, got ${max}`);
    }
    this.maxEntries = max;
    this.sessionOptions = options.sessionOptions;
  }

  /** Runs `fn` with the session for these model bytes, loading it on first use. */
  use<T>(bytes: Uint8Array, fn: (cached: CachedSession) => Promise<T> | T): Promise<T> {
    const sha256 = sha256Hex(bytes);
    return this.withEntry(sha256, async () => bytes, fn);
  }

  /**
   * Like `use`, for callers that know the artifact's address: `load` is called only on a
   * miss, and the loaded bytes must hash to `sha256` (a corrupted or swapped artifact is
   * refused rather than silently evaluated under the wrong identity).
   */
  useBySha256<T>(sha256: string, load: () => Promise<Uint8Array>, fn: (cached: CachedSession) => Promise<T> | T): Promise<T> {
    const key = sha256.toLowerCase();
    return this.withEntry(
      key,
      async () => {
        const bytes = await load();
        const actual = sha256Hex(bytes);
        if (actual !== key) {
          throw new InferenceException(InferenceErrorCode.ModelIntegrity, `model artifact hashes to ${actual}, expected ${key}`);
        }
        return bytes;
      },
      fn,
    );
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256.toLowerCase());
  }

  stats(): InferenceSessionCacheStats {
    return { size: this.entries.size, hits: this.hits, misses: this.misses, evictions: this.evictions };
  }

  /** Drops every session; those in use are released when their callbacks finish. */
  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((entry) => this.retire(entry)));
  }

  private async withEntry<T>(sha256: string, load: () => Promise<Uint8Array>, fn: (cached: CachedSession) => Promise<T> | T): Promise<T> {
    let entry = this.entries.get(sha256);
    if (entry) {
      this.hits++;
      this.entries.delete(sha256);
      this.entries.set(sha256, entry);
    } else {
      this.misses++;
      entry = { sha256, session: this.load(load), pins: 0, evicted: false };
      this.entries.set(sha256, entry);
      this.evictOverflow();
    }
    entry.pins++;
    try {
      let session: InferenceSession;
      try {
        session = await entry.session;
      } catch (err) {
        // A failed load must not poison the key: the next call tries again.
        if (this.entries.get(sha256) === entry) this.entries.delete(sha256);
        throw err;
      }
      return await fn({ sha256, session });
    } finally {
      entry.pins--;
      if (entry.evicted && entry.pins === 0) await this.release(entry);
    }
  }

  private async load(load: () => Promise<Uint8Array>): Promise<InferenceSession> {
    const bytes = await load();
    try {
      return await InferenceSession.create(bytes, this.sessionOptions);
    } catch (err) {
      throw new InferenceException(InferenceErrorCode.InvalidModel, `onnxruntime could not load the model: ${(err as Error).message}`);
    }
  }

  private evictOverflow(): void {
    for (const entry of this.entries.values()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(entry.sha256);
      this.evictions++;
      void this.retire(entry);
    }
  }

  private async retire(entry: Entry): Promise<void> {
    entry.evicted = true;
    if (entry.pins === 0) await this.release(entry);
  }

  private async release(entry: Entry): Promise<void> {
    try {
      await (await entry.session).release();
    } catch {
      // A session that never loaded, or is already released, holds nothing to free.
    }
  }
}
