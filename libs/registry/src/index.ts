// Manifest and model check (pure)
export * from './manifest/manifest.types';
export * from './manifest/manifest-parse.util';
export * from './manifest/manifest-features.util';
export * from './manifest/trained-manifest.util';
export * from './manifest/model-reading.util';
export * from './model-check/model-check.util';
// Reference profile (pure)
export * from './reference-profile/reference-profile.types';
export * from './reference-profile/reference-profile.util';
export * from './reference-profile/reference-profile.codec';
export * from './reference-profile/profile-upload.util';
export * from './reference-profile/signal-pool.util';
// Registry (Nest)
export * from './registry.exception';
export * from './model/model.entity';
export * from './model-version/model-version.entity';
export * from './model-version/stage-change.entity';
export * from './model-version/model-version.view';
export * from './model-version/model-version.service';
export * from './artifact/artifact-store.service';
export * from './reference-profile/reference-profile.service';
export * from './registry.service';
export * from './registry.module';
export * from './manifest/manifest-normalization.util';
export * from './model-version/version-labels.util';
