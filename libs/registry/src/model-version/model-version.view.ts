import { ModelEntity } from '../model/model.entity';
import { ModelVersionEntity, ProfileStatus, Stage } from './model-version.entity';
import { StageChangeEntity } from './stage-change.entity';
import type { ReferenceProfileJson } from '../reference-profile/reference-profile.types';

export interface StageChangeView {
  fromStage: Stage | null;
  toStage: Stage;
  actor: string;
  reason: string;
  at: string;
}

/** What the api shows of a profile without its samples. */
export interface ProfileSummary {
  status: ProfileStatus;
  /** Why there is no profile (status `absent`), or where it came from. */
  reason: string | null;
  features: number;
  signals: number;
  windows: { total: number | null; healthy: number } | null;
  sampleSize: number | null;
  alarmRate: number | string | null;
  healthyAlarmRate: number | string | null;
}

export interface ModelVersionView {
  id: string;
  model: string;
  task: string;
  version: number;
  sha256: string;
  sizeBytes: number;
  manifestSha256: string;
  manifest: Record<string, unknown>;
  /** The ONNX input the platform feeds and the output it reads, as found in the file at registration. */
  inputName: string;
  outputName: string;
  provenance: Record<string, unknown>;
  stage: Stage;
  createdBy: string;
  createdAt: string;
  history: StageChangeView[];
  profile: ProfileSummary;
}

export function stageChangeView(c: StageChangeEntity): StageChangeView {
  return { fromStage: c.fromStage, toStage: c.toStage, actor: c.actor, reason: c.reason, at: new Date(c.at).toISOString() };
}

export function profileSummary(v: Pick<ModelVersionEntity, 'profile' | 'profileStatus' | 'profileReason'>): ProfileSummary {
  if (!v.profile) {
    return {
      status: v.profileStatus,
      reason: v.profileReason,
      features: 0,
      signals: 0,
      windows: null,
      sampleSize: null,
      alarmRate: null,
      healthyAlarmRate: null,
    };
  }
  const p = JSON.parse(v.profile) as ReferenceProfileJson;
  return {
    status: v.profileStatus,
    reason: v.profileReason,
    features: p.features.length,
    signals: p.signals.length,
    windows: p.windows,
    sampleSize: p.features.length ? Math.max(...p.features.map((f) => f.sample.length)) : null,
    alarmRate: p.alarmRate,
    healthyAlarmRate: p.healthyAlarmRate,
  };
}

export function modelVersionView(model: ModelEntity, v: ModelVersionEntity, history: StageChangeEntity[]): ModelVersionView {
  return {
    id: v.id,
    model: model.name,
    task: model.task,
    version: v.version,
    sha256: v.sha256,
    sizeBytes: v.sizeBytes,
    manifestSha256: v.manifestSha256,
    manifest: JSON.parse(v.manifest) as Record<string, unknown>,
    inputName: v.inputName,
    outputName: v.outputName,
    provenance: JSON.parse(v.provenance) as Record<string, unknown>,
    stage: v.stage,
    createdBy: v.createdBy,
    createdAt: new Date(v.createdAt).toISOString(),
    history: history.map(stageChangeView),
    profile: profileSummary(v),
  };
}
