import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { parseDuration } from '@fleetgate/common';
import { Aggregation, InferenceSessionCache, runBatched } from '@fleetgate/inference';
import { decodeReferenceProfile, ModelEntity, ModelVersionEntity } from '@fleetgate/registry';
import { ModelView } from '../assess-machine.util';
import { ProfileView } from '../profile.types';
import { THRESHOLDS } from '../thresholds';
import { EvaluationErrorCode, EvaluationException } from './evaluation.exception';

export interface LoadedVersion {
  id: string;
  modelName: string;
  version: number;
  sha256: string;
  inputName: string;
  outputName: string;
  model: ModelView;
  profile: ProfileView | null;
}

interface ManifestShape {
  horizon?: string;
  signals: string[];
  input: { window: string; step: string; aggregations: Aggregation[]; minCoverage?: number; name?: string };
  output: { name: string; higherIsWorse: boolean; threshold: number };
}

/**
 * How the evaluation reads a stored version: the manifest's recipe, output and horizon, and
 * the decoded reference profile as the drift reference. Pure, so a benchmark can use it too.
 */
export function modelViewOf(manifestText: string, profileText: string | null): Pick<LoadedVersion, 'inputName' | 'outputName' | 'model' | 'profile'> {
  const manifest = JSON.parse(manifestText) as ManifestShape;
  const profile = profileText ? decodeReferenceProfile(JSON.parse(profileText)) : null;
  return {
    inputName: manifest.input.name ?? 'features',
    outputName: manifest.output.name,
    model: {
      recipe: {
        signals: manifest.signals,
        windowMs: parseDuration(manifest.input.window),
        stepMs: parseDuration(manifest.input.step),
        aggregations: manifest.input.aggregations,
        minCoverage: manifest.input.minCoverage ?? 0.8,
      },
      horizonMs: manifest.horizon ? parseDuration(manifest.horizon) : THRESHOLDS.defaultHorizonMs,
      higherIsWorse: manifest.output.higherIsWorse,
      threshold: manifest.output.threshold,
    },
    profile: profile && {
      features: profile.features.map((f) => ({ name: f.name, sorted: f.sample, edges: f.binEdges, proportions: f.binProportions, std: f.std })),
      signals: Object.fromEntries(profile.signals.map((sg) => [sg.name, { mean: sg.mean, std: sg.std }])),
      outputSorted: profile.output?.sample ?? [],
      alarmRate: Number.isFinite(profile.healthyAlarmRate) ? profile.healthyAlarmRate : profile.alarmRate,
    },
  };
}

/** Loads a model version once per process: manifest → recipe, profile → drift reference, ONNX session by sha256. */
@Injectable()
export class ModelLoader {
  private readonly versions = new Map<string, LoadedVersion>();
  private readonly sessions = new InferenceSessionCache({ maxEntries: 8 });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async version(id: string): Promise<LoadedVersion> {
    const cached = this.versions.get(id);
    if (cached) return cached;
    const row = await this.dataSource.getRepository(ModelVersionEntity).findOne({ where: { id } });
    if (!row) throw new EvaluationException(EvaluationErrorCode.VersionNotFound, 'not-found', `model version ${id} not found`);
    const model = await this.dataSource.getRepository(ModelEntity).findOneOrFail({ where: { id: row.modelId } });
    const loaded: LoadedVersion = {
      id,
      modelName: model.name,
      version: row.version,
      sha256: row.sha256,
      ...modelViewOf(row.manifest, row.profile),
    };
    this.versions.set(id, loaded);
    return loaded;
  }

  /** One score per feature row, in batches, on the session cached by the artifact's sha256. */
  score(v: LoadedVersion, features: Float32Array, rows: number, cols: number): Promise<Float32Array> {
    if (rows === 0) return Promise.resolve(new Float32Array(0));
    return this.sessions.useBySha256(
      v.sha256,
      () => fs.readFile(path.join(this.config.dataDir, 'artifacts', `${v.sha256}.onnx`)),
      ({ session }) => runBatched(session, v.inputName, v.outputName, features, rows, cols),
    );
  }
}
