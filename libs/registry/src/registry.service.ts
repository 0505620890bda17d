import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, canonicalJson } from '@fleetgate/common';
import { AuditService } from '@fleetgate/audit';
import { TagMappingService } from '@fleetgate/fleet';
import { isUniqueViolation } from '@fleetgate/db';
import { sha256Hex } from '@fleetgate/common';
import { enqueueWebhookEvent } from '@fleetgate/webhooks';
import { ArtifactStore } from './artifact/artifact-store.service';
import { parseManifest } from './manifest/manifest-parse.util';
import { manifestFeatureNames } from './manifest/manifest-features.util';
import { unknownSignalErrors } from './manifest/manifest-signals.util';
import { ManifestError, ModelManifest } from './manifest/manifest.types';
import { ModelIoNames } from './manifest/model-reading.util';
import { checkOnnxModel } from './model-check/model-check.util';
import { ModelEntity } from './model/model.entity';
import { ModelVersionEntity, ProfileStatus, Stage } from './model-version/model-version.entity';
import { ModelVersionService } from './model-version/model-version.service';
import { ModelVersionView } from './model-version/model-version.view';
import { RegistryRepository } from './model-version/registry.repository';
import { StageChangeEntity } from './model-version/stage-change.entity';
import { registryErrors } from './registry.exception';
import { encodeReferenceProfile } from './reference-profile/reference-profile.codec';
import { ReferenceProfileService } from './reference-profile/reference-profile.service';
import { parseUploadedProfile } from './reference-profile/profile-upload.util';
import { ReferenceProfile } from './reference-profile/reference-profile.types';

export interface RegisterModelInput {
  /** The `fleetgate.model.json` document (object or its text). */
  manifest: unknown;
  onnx: Uint8Array;
  /** Ask for this version number; refused (409) when it is taken by other content. */
  version?: number;
  /** A reference profile computed elsewhere (see `parseUploadedProfile`). */
  profile?: unknown;
}

export interface RegisterResult {
  /** false when identical bytes and manifest were already registered (that version is returned). */
  created: boolean;
  version: ModelVersionView;
}

export interface ModelSummary {
  name: string;
  task: string;
  owner: string;
  createdAt: string;
  versionCount: number;
  latestVersion: number | null;
}

export interface ModelDetail extends ModelSummary {
  versions: Array<{ id: string; version: number; sha256: string; stage: Stage; profileStatus: ProfileStatus; createdBy: string; createdAt: string }>;
}

const MAX_ATTEMPTS = 12;

/** Registers model versions (validated, content-addressed, profiled, audited) and reads the catalogue. */
@Injectable()
export class RegistryService {
  private readonly logger = new Logger(RegistryService.name);

  constructor(
    private readonly repo: RegistryRepository,
    private readonly artifacts: ArtifactStore,
    private readonly audit: AuditService,
    private readonly profiles: ReferenceProfileService,
    private readonly versions: ModelVersionService,
    private readonly mapping: TagMappingService,
  ) {}

  /**
   * Everything is checked before anything is written: manifest, its signals against the
   * signal catalog, ONNX bytes against the manifest (names, shapes, one test batch), the
   * uploaded profile. Then one transaction
   * stores the artifact, the version, its first stage (`pilot`) and the audit event, or
   * nothing. Same bytes + manifest again returns the existing version.
   */
  async register(input: RegisterModelInput, actor: Actor | string): Promise<RegisterResult> {
    const by = typeof actor === 'string' ? actor : actor.name;
    if (input.version !== undefined && !(Number.isInteger(input.version) && input.version >= 1)) {
      throw registryErrors.invalidRequest(`version must be a positive integer, got ${input.version}`, [{ field: 'version', message: 'positive integer' }]);
    }
    const parsed = parseManifest(input.manifest);
    const inManifest = (errors: ManifestError[]) => errors.map((e) => ({ field: e.field ? `manifest.${e.field}` : 'manifest', message: e.message }));
    if (!parsed.ok) throw registryErrors.invalidManifest(inManifest(parsed.errors));
    const manifest = parsed.manifest;
    const unknownSignals = unknownSignalErrors(
      manifest.signals,
      (await this.mapping.catalog()).map((s) => s.name),
    );
    if (unknownSignals.length > 0) throw registryErrors.invalidManifest(inManifest(unknownSignals));
    if (!input.onnx || input.onnx.length === 0) throw registryErrors.invalidArtifact('the ONNX model is empty');
    const check = await checkOnnxModel(input.onnx, manifest);
    if (!check.ok) throw registryErrors.modelRejected(check.errors);

    const sha256 = sha256Hex(input.onnx);
    const manifestText = canonicalJson(manifest);
    const manifestSha256 = sha256Hex(Buffer.from(manifestText, 'utf8'));
    const existing = await this.findSame(manifest, sha256, manifestSha256, input.version);
    if (existing) return { created: false, version: await this.versions.view(existing.id) };

    const io: ModelIoNames = { inputName: check.info.inputName, outputName: check.info.outputName };
    const profile = await this.profileFor(manifest, input, io);
    for (let attempt = 1; ; attempt++) {
      // Set as soon as this attempt wrote a new artifact file, so a rollback can take it back.
      const wrote = { artifact: false };
      try {
        const result = await this.repo.transaction((m) =>
          this.insertVersion(m, { manifest, manifestText, manifestSha256, sha256, bytes: input.onnx, io, requested: input.version, profile, by }, wrote),
        );
        if (result.created) this.logger.log({ msg: 'model registered', model: manifest.name, version: result.version, sha256 });
        return { created: result.created, version: await this.versions.view(result.id) };
      } catch (error) {
        if (wrote.artifact && (await this.repo.countBySha256(sha256)) === 0) await this.artifacts.remove(sha256);
        if (!isUniqueViolation(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw registryErrors.busy(manifest.name);
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  async listModels(): Promise<ModelSummary[]> {
    return (await this.repo.listModels()).map(({ model, versionCount, latestVersion }) => ({ ...summary(model), versionCount, latestVersion }));
  }

  async getModel(name: string): Promise<ModelDetail> {
    const model = await this.repo.modelByName(name);
    if (!model) throw registryErrors.modelNotFound(name);
    const versions = await this.repo.versionsOf(model.id);
    return {
      ...summary(model),
      versionCount: versions.length,
      latestVersion: versions.length ? versions[versions.length - 1].version : null,
      versions: versions.map((v) => ({
        id: v.id,
        version: v.version,
        sha256: v.sha256,
        stage: v.stage,
        profileStatus: v.profileStatus,
        createdBy: v.createdBy,
        createdAt: new Date(v.createdAt).toISOString(),
      })),
    };
  }

  /** `name@version` → the version's id (what evaluations and promotions refer to). */
  async resolve(name: string, version: number): Promise<string> {
    const model = await this.repo.modelByName(name);
    if (!model) throw registryErrors.modelNotFound(name);
    const v = await this.repo.versionByNumber(model.id, version);
    if (!v) throw registryErrors.versionNotFound(`${name}@${version}`);
    return v.id;
  }

  async getVersion(name: string, version: number): Promise<ModelVersionView> {
    return this.versions.view(await this.resolve(name, version));
  }

  /** An identical version that makes this registration a no-op, or a 409 when the asked number is taken. */
  private async findSame(
    manifest: ModelManifest,
    sha256: string,
    manifestSha256: string,
    requested?: number,
    m?: EntityManager,
  ): Promise<ModelVersionEntity | null> {
    const model = await this.repo.modelByName(manifest.name, m);
    if (!model) return null;
    if (model.task !== manifest.task) throw registryErrors.taskConflict(model.name, model.task, manifest.task);
    if (requested !== undefined) {
      const taken = await this.repo.versionByNumber(model.id, requested, m);
      if (taken) {
        if (taken.sha256 === sha256 && taken.manifestSha256 === manifestSha256) return taken;
        throw registryErrors.versionConflict(model.name, requested, taken.sha256);
      }
    }
    const same = await this.repo.sameContent(model.id, sha256, manifestSha256, m);
    if (same && requested !== undefined) throw registryErrors.sameContentElsewhere(model.name, requested, same.version);
    return same;
  }

  private async profileFor(
    manifest: ModelManifest,
    input: RegisterModelInput,
    io: ModelIoNames,
  ): Promise<{ status: ProfileStatus; text: string | null; reason: string | null }> {
    let profile: ReferenceProfile;
    if (input.profile !== undefined && input.profile !== null) {
      profile = parseUploadedProfile(input.profile, {
        featureNames: manifestFeatureNames(manifest),
        signals: manifest.signals,
        threshold: manifest.output.threshold,
        higherIsWorse: manifest.output.higherIsWorse,
      });
      return { status: 'uploaded', text: canonicalJson(encodeReferenceProfile(profile)), reason: 'uploaded with the model' };
    }
    const outcome = await this.profiles.fromTrainingData(manifest, input.onnx, io);
    if (outcome.status === 'absent') return { status: 'absent', text: null, reason: outcome.reason };
    return { status: 'computed', text: canonicalJson(encodeReferenceProfile(outcome.profile)), reason: null };
  }

  private async insertVersion(
    m: EntityManager,
    a: {
      manifest: ModelManifest;
      manifestText: string;
      manifestSha256: string;
      sha256: string;
      bytes: Uint8Array;
      io: ModelIoNames;
      requested?: number;
      profile: { status: ProfileStatus; text: string | null; reason: string | null };
      by: string;
    },
    wrote: { artifact: boolean },
  ): Promise<{ created: boolean; id: string; version: number }> {
    if (this.repo.isPostgres()) {
      // Registrations of one model queue here instead of racing for the next number.
      await m.query('SELECT pg_advisory_xact_lock(7263002, hashtext($1))', [a.manifest.name]);
    }
    const now = Date.now();
    let model = await this.repo.modelByName(a.manifest.name, m);
    if (!model) {
      model = Object.assign(new ModelEntity(), { id: randomUUID(), name: a.manifest.name, task: a.manifest.task, owner: a.by, createdAt: now });
      await this.repo.insertModel(model, m);
    }
    const same = await this.findSame(a.manifest, a.sha256, a.manifestSha256, a.requested, m);
    if (same) return { created: false, id: same.id, version: same.version };
    const number = a.requested ?? (await this.repo.maxVersion(model.id, m)) + 1;
    wrote.artifact = (await this.artifacts.put(a.bytes)).created;
    const version = Object.assign(new ModelVersionEntity(), {
      id: randomUUID(),
      modelId: model.id,
      version: number,
      sha256: a.sha256,
      sizeBytes: a.bytes.length,
      manifest: a.manifestText,
      manifestSha256: a.manifestSha256,
      inputName: a.io.inputName,
      outputName: a.io.outputName,
      provenance: canonicalJson(a.manifest.training),
      profile: a.profile.text,
      profileStatus: a.profile.status,
      profileReason: a.profile.reason,
      stage: 'pilot' as Stage,
      createdBy: a.by,
      createdAt: now,
    });
    await this.repo.insertVersion(version, m);
    await this.repo.insertStageChange(
      Object.assign(new StageChangeEntity(), {
        id: randomUUID(),
        versionId: version.id,
        fromStage: null,
        toStage: 'pilot',
        actor: a.by,
        reason: 'registered',
        at: now,
      }),
      m,
    );
    await this.audit.append(
      {
        actor: a.by,
        action: 'model.registered',
        subject: `model:${model.name}@${number}`,
        payload: {
          versionId: version.id,
          sha256: a.sha256,
          sizeBytes: a.bytes.length,
          manifestSha256: a.manifestSha256,
          profile: a.profile.status,
          task: model.task,
        },
      },
      m,
    );
    await enqueueWebhookEvent(m, 'model-version.registered', {
      versionId: version.id,
      model: model.name,
      version: number,
      task: model.task,
      sha256: a.sha256,
      stage: 'pilot',
      registeredBy: a.by,
    });
    return { created: true, id: version.id, version: number };
  }
}

function summary(model: ModelEntity): ModelSummary {
  return { name: model.name, task: model.task, owner: model.owner, createdAt: new Date(model.createdAt).toISOString(), versionCount: 0, latestVersion: null };
}
