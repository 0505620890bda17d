// Pure cores
export * from './chunk/chunk.util';
export * from './ingest/sample-grid.util';
export * from './import/csv-row.util';
export * from './import/cmapss.util';
export * from './quality/quality-thresholds';
export * from './quality/quality.util';
// Types
export * from './store/telemetry.types';
export * from './ingest/ingest.types';
export * from './import/import.types';
export type { SignalWrite } from './chunk/merge-plan.util';
export type { TextInput } from './import/text-input.util';
// Nest
export * from './telemetry.exception';
export * from './store/telemetry.service';
export * from './ingest/ingest.service';
export * from './import/csv-import.service';
export * from './import/events-import.service';
export * from './import/cmapss-import.service';
export * from './quality/quality.service';
export * from './simulate/simulate.service';
export * from './telemetry.module';
