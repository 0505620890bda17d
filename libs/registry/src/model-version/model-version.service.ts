import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor } from '@fleetgate/common';
import { AuditService } from '@fleetgate/audit';
import { ArtifactStore } from '../artifact/artifact-store.service';
import { ModelManifest } from '../manifest/manifest.types';
import { ModelReading, readModel, storedManifest } from '../manifest/model-reading.util';
import { registryErrors } from '../registry.exception';
import { decodeReferenceProfile } from '../reference-profile/reference-profile.codec';
import { ReferenceProfile, ReferenceProfileJson } from '../reference-profile/reference-profile.types';
import { ModelEntity } from '../model/model.entity';
import { ModelVersionEntity, ProfileStatus, Stage, STAGES } from './model-version.entity';
import { RegistryRepository } from './registry.repository';
import { StageChangeEntity } from './stage-change.entity';
import { modelVersionView, ModelVersionView } from './model-version.view';

/**
 * A model version as the platform reads it, loaded by its id: what evaluation and scoring
 * run (recipe, input and output, healthy horizon, verified ONNX bytes) and judge against
 * (the decoded reference profile).
 */
export interface LoadedModelVersion extends ModelReading {
  id: string;
  modelId: string;
  modelName: string;
  task: string;
  version: number;
  stage: Stage;
  sha256: string;
  /** The ONNX bytes, checked against sha256. */
  onnx: Buffer;
  /** Canonical JSON text of the manifest as registered (the hashed bytes). */
  manifestText: string;
  manifest: ModelManifest;
  manifestSha256: string;
  provenance: Record<string, unknown>;
  /** Decoded (typed arrays, NaN restored), or null when the version has none. */
  profile: ReferenceProfile | null;
  profileStatus: ProfileStatus;
  profileReason: string | null;
}

export interface StageChangeResult {
  version: ModelVersionView;
  change: { fromStage: Stage; toStage: Stage; actor: string; reason: string; at: number };
}

const actorLabel = (actor: Actor | string): string => (typeof actor === 'string' ? actor : actor.name);

/** Reads versions by id and moves them between stages (the only mutable thing about a version). */
@Injectable()
export class ModelVersionService {
  constructor(
    private readonly repo: RegistryRepository,
    private readonly artifacts: ArtifactStore,
    private readonly audit: AuditService,
  ) {}

  async entity(versionId: string, manager?: EntityManager): Promise<{ model: ModelEntity; version: ModelVersionEntity }> {
    const version = await this.repo.versionById(versionId, manager);
    if (!version) throw registryErrors.versionNotFound(versionId);
    const model = await this.repo.modelById(version.modelId, manager);
    if (!model) throw registryErrors.versionNotFound(versionId);
    return { model, version };
  }

  async view(versionId: string): Promise<ModelVersionView> {
    const { model, version } = await this.entity(versionId);
    return modelVersionView(model, version, await this.repo.history(version.id));
  }

  /** Manifest and its reading (with the input and output names stored at registration), verified ONNX bytes and decoded profile of a version. */
  async load(versionId: string): Promise<LoadedModelVersion> {
    const { model, version } = await this.entity(versionId);
    const manifest = storedManifest(version.manifest);
    return {
      ...readModel(manifest, { inputName: version.inputName, outputName: version.outputName }),
      id: version.id,
      modelId: model.id,
      modelName: model.name,
      task: model.task,
      version: version.version,
      stage: version.stage,
      sha256: version.sha256,
      onnx: await this.artifacts.read(version.sha256),
      manifestText: version.manifest,
      manifest,
      manifestSha256: version.manifestSha256,
      provenance: JSON.parse(version.provenance) as Record<string, unknown>,
      profile: version.profile ? decodeReferenceProfile(JSON.parse(version.profile) as ReferenceProfileJson) : null,
      profileStatus: version.profileStatus,
      profileReason: version.profileReason,
    };
  }

  /** The stored profile JSON (encoded: NaN as null, ±Infinity as strings), or null. */
  async profileJson(versionId: string): Promise<ReferenceProfileJson | null> {
    const { version } = await this.entity(versionId);
    return version.profile ? (JSON.parse(version.profile) as ReferenceProfileJson) : null;
  }

  /** ONNX bytes of a version, checked against its sha256. */
  async onnxBytes(versionId: string): Promise<{ sha256: string; bytes: Buffer }> {
    const { version } = await this.entity(versionId);
    return { sha256: version.sha256, bytes: await this.artifacts.read(version.sha256) };
  }

  /**
   * Moves a version to another stage, recording the change in the stage history and the
   * audit chain in one transaction (the caller's, when `manager` is given, so a gate
   * decision and its stage changes commit together). Policy — who may promote, one
   * production version per model — is the gate's; here only: a known stage, a different
   * one from the current, and a reason.
   */
  async changeStage(versionId: string, toStage: Stage, actor: Actor | string, reason: string, manager?: EntityManager): Promise<StageChangeResult> {
    if (!STAGES.includes(toStage)) throw registryErrors.invalidStage(`unknown stage "${toStage}" (stages: ${STAGES.join(', ')})`);
    if (typeof reason !== 'string' || reason.trim() === '') throw registryErrors.invalidStage('a stage change needs a reason');
    const run = async (m: EntityManager): Promise<StageChangeResult> => {
      const version = await this.repo.versionById(versionId, m, true);
      if (!version) throw registryErrors.versionNotFound(versionId);
      const model = (await this.repo.modelById(version.modelId, m))!;
      const what = `${model.name}@${version.version}`;
      if (version.stage === toStage) throw registryErrors.stageUnchanged(what, toStage);
      const previous = await this.repo.history(version.id, m);
      // History is ordered by time: never let a change sort before the one it follows.
      const at = Math.max(Date.now(), (previous[previous.length - 1]?.at ?? 0) + 1);
      const change = { fromStage: version.stage, toStage, actor: actorLabel(actor), reason: reason.trim(), at };
      await this.repo.updateStage(version.id, toStage, m);
      await this.repo.insertStageChange(Object.assign(new StageChangeEntity(), { id: randomUUID(), versionId: version.id, ...change }), m);
      await this.audit.append(
        {
          actor: change.actor,
          action: 'model.stage-changed',
          subject: `model:${what}`,
          payload: { versionId: version.id, sha256: version.sha256, from: change.fromStage, to: toStage, reason: change.reason },
        },
        m,
      );
      version.stage = toStage;
      return { version: modelVersionView(model, version, await this.repo.history(version.id, m)), change };
    };
    return manager ? run(manager) : this.repo.transaction(run);
  }
}
