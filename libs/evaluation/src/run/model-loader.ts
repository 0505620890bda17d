import { Injectable } from '@nestjs/common';
import { InferenceSessionCache, runBatched } from '@fleetgate/inference';
import { LoadedModelVersion, ModelVersionService } from '@fleetgate/registry';
import { profileView, ProfileView } from '../profile-view.util';

/** A version as the registry reads it, plus the evaluation's view of its reference profile. */
export interface EvaluatedVersion extends LoadedModelVersion {
  reference: ProfileView | null;
}

/**
 * One thread per session: the models are small MLPs run in batches of thousands of windows (a few
 * ms each), and onnxruntime's default pool spins its idle threads — about 11 s of CPU per
 * 400-machine run — on the cores the database and the worker's other jobs need.
 */
export const WORKER_SESSION_OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1 } as const;

/**
 * Worker side: each version is read from the registry once per process, and its ONNX
 * session is cached by sha256, so a run's machines share one session.
 */
@Injectable()
export class ModelLoader {
  private readonly versions = new Map<string, Promise<EvaluatedVersion>>();
  private readonly sessions = new InferenceSessionCache({ maxEntries: 8, sessionOptions: WORKER_SESSION_OPTIONS });

  constructor(private readonly registry: ModelVersionService) {}

  version(id: string): Promise<EvaluatedVersion> {
    let loaded = this.versions.get(id);
    if (!loaded) {
      loaded = this.registry.load(id).then((v) => ({ ...v, reference: v.profile && profileView(v.profile) }));
      // A failed read (database down, artifact missing) must not stay cached.
      loaded.catch(() => this.versions.delete(id));
      this.versions.set(id, loaded);
    }
    return loaded;
  }

  /** One score per feature row, in batches. */
  score(v: EvaluatedVersion, features: Float32Array, rows: number, cols: number): Promise<Float32Array> {
    if (rows === 0) return Promise.resolve(new Float32Array(0));
    return this.sessions.useBySha256(
      v.sha256,
      async () => v.onnx,
      ({ session }) => runBatched(session, v.inputName, v.output.name, features, rows, cols),
    );
  }
}
