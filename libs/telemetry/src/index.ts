// Pure cores
export * from './chunk/chunk.util';
export * from './rollup/hourly-rollup.util';
export * from './rollup/hourly-series.util';
export * from './ingest/sample-grid.util';
export * from './live/live-payload.util';
export * from './live/live-grid.util';
export * from './import/csv-row.util';
export * from './import/cmapss.util';
export * from './quality/quality-thresholds';
export * from './quality/quality.util';
export * from './simulate/publish-tick.util';
// Types
export * from './store/telemetry.types';
export * from './ingest/ingest.types';
export * from './import/import.types';
export * from './live/live.types';
export type { SignalWrite } from './chunk/merge-plan.util';
export type { TextInput } from './import/text-input.util';
// Nest
export * from './telemetry.exception';
export * from './store/telemetry.service';
export * from './rollup/rollup.service';
export * from './retention/raw-retention.service';
export * from './ingest/ingest.service';
export * from './import/csv-import.service';
export * from './import/events-import.service';
export * from './import/cmapss-import.service';
export * from './quality/quality.service';
export * from './simulate/simulate.service';
export * from './simulate/simulate-publish.service';
export * from './live/live-ingest.service';
export * from './live/live-status.service';
export * from './telemetry.module';
