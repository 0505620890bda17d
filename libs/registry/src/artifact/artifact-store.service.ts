import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { sha256Hex } from '@fleetgate/common';
import { registryErrors } from '../registry.exception';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed ONNX artifacts in `<data dir>/artifacts/<sha256>.onnx`. The file name
 * comes from the hex hash only, so nothing a caller sends can steer the path; writes go
 * to a temporary file that is renamed into place, so a reader never sees half a model.
 */
@Injectable()
export class ArtifactStore {
  readonly dir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = path.join(config.dataDir, 'artifacts');
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw registryErrors.artifactMissing(String(sha256).slice(0, 80), 'not a lowercase hex sha256');
    return path.join(this.dir, `${sha256}.onnx`);
  }

  /** Stores the bytes under their hash; `created` is false when an intact copy was already there. */
  async put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    const existing = await fs.readFile(target).catch(() => null);
    if (existing && sha256Hex(existing) === sha256) return { sha256, created: false };
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await fs.open(tmp, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, target);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
    return { sha256, created: !existing };
  }

  /** The bytes, checked against their address (a swapped or damaged file is refused). */
  async read(sha256: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.pathOf(sha256));
    } catch (error) {
      throw registryErrors.artifactMissing(sha256, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message);
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw registryErrors.artifactMissing(sha256, `file content hashes to ${actual}`);
    return bytes;
  }

  async exists(sha256: string): Promise<boolean> {
    return fs.access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  /** Used only to undo a registration that did not commit. */
  async remove(sha256: string): Promise<void> {
    await fs.rm(this.pathOf(sha256), { force: true });
  }
}
