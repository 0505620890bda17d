import { AppException, ErrorDetail } from '@fleetgate/common';

export enum RegistryErrorCode {
  InvalidRequest = 'REGISTRY_INVALID_REQUEST',
  InvalidArtifact = 'REGISTRY_INVALID_ARTIFACT',
  InvalidManifest = 'REGISTRY_INVALID_MANIFEST',
  InvalidProfile = 'REGISTRY_INVALID_PROFILE',
  ModelNotFound = 'REGISTRY_MODEL_NOT_FOUND',
  VersionNotFound = 'REGISTRY_VERSION_NOT_FOUND',
  VersionConflict = 'REGISTRY_VERSION_CONFLICT',
  TaskConflict = 'REGISTRY_TASK_CONFLICT',
  InvalidStage = 'REGISTRY_INVALID_STAGE',
  StageUnchanged = 'REGISTRY_STAGE_UNCHANGED',
  ArtifactMissing = 'REGISTRY_ARTIFACT_MISSING',
  Busy = 'REGISTRY_BUSY',
}

export class RegistryException extends AppException<RegistryErrorCode> {}

export const registryErrors = {
  invalidRequest: (message: string, details: ErrorDetail[] = []) => new RegistryException(RegistryErrorCode.InvalidRequest, 'invalid', message, details),
  invalidArtifact: (message: string) => new RegistryException(RegistryErrorCode.InvalidArtifact, 'invalid', message, [{ field: 'onnxBase64', message }]),
  modelRejected: (details: ErrorDetail[]) =>
    new RegistryException(
      RegistryErrorCode.InvalidArtifact,
      'invalid',
      `the ONNX model does not fit the manifest: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
      details,
    ),
  invalidManifest: (details: ErrorDetail[]) =>
    new RegistryException(
      RegistryErrorCode.InvalidManifest,
      'invalid',
      `invalid manifest: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
      details,
    ),
  invalidProfile: (message: string, details: ErrorDetail[]) =>
    new RegistryException(RegistryErrorCode.InvalidProfile, 'invalid', `invalid reference profile: ${message}`, details),
  modelNotFound: (name: string) => new RegistryException(RegistryErrorCode.ModelNotFound, 'not-found', `model ${name} not found`),
  versionNotFound: (what: string) => new RegistryException(RegistryErrorCode.VersionNotFound, 'not-found', `model version ${what} not found`),
  sameContentElsewhere: (name: string, asked: number, existing: number) =>
    new RegistryException(
      RegistryErrorCode.VersionConflict,
      'conflict',
      `these bytes and manifest are already registered as ${name}@${existing}; not registering them again as version ${asked}`,
      [{ field: 'version', message: `identical to version ${existing}` }],
    ),
  versionConflict: (name: string, version: number, sha256: string) =>
    new RegistryException(
      RegistryErrorCode.VersionConflict,
      'conflict',
      `${name}@${version} already exists with other content (sha256 ${sha256}); versions are immutable — register without --version to get the next number`,
      [{ field: 'version', message: 'taken by different bytes or manifest' }],
    ),
  taskConflict: (name: string, existing: string, given: string) =>
    new RegistryException(RegistryErrorCode.TaskConflict, 'conflict', `model ${name} is a ${existing} model; a version cannot change its task to ${given}`, [
      { field: 'manifest.task', message: `must be ${existing} for model ${name}` },
    ]),
  invalidStage: (message: string) => new RegistryException(RegistryErrorCode.InvalidStage, 'invalid', message, [{ field: 'stage', message }]),
  stageUnchanged: (what: string, stage: string) => new RegistryException(RegistryErrorCode.StageUnchanged, 'conflict', `${what} is already in stage ${stage}`),
  artifactMissing: (sha256: string, why: string) =>
    new RegistryException(RegistryErrorCode.ArtifactMissing, 'unavailable', `model artifact ${sha256} cannot be read: ${why}`),
  busy: (name: string) => new RegistryException(RegistryErrorCode.Busy, 'unavailable', `too many concurrent registrations of ${name}; retry`),
};
