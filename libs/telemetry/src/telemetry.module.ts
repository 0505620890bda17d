import { Module } from '@nestjs/common';
import { FleetModule } from '@fleetgate/fleet';
import { CmapssImportService } from './import/cmapss-import.service';
import { CsvImportService } from './import/csv-import.service';
import { EventsImportService } from './import/events-import.service';
import { IngestService } from './ingest/ingest.service';
import { LiveIngestService } from './live/live-ingest.service';
import { LiveStatusService } from './live/live-status.service';
import { LiveRepository } from './live/live.repository';
import { QualityService } from './quality/quality.service';
import { SimulatePublishService } from './simulate/simulate-publish.service';
import { SimulateService } from './simulate/simulate.service';
import { ChunkRepository } from './store/chunk.repository';
import { RollupRepository } from './store/rollup.repository';
import { RollupService } from './rollup/rollup.service';
import { RawRetentionService } from './retention/raw-retention.service';
import { EventRepository } from './store/event.repository';
import { TelemetryService } from './store/telemetry.service';

/** Telemetry store, ingest, importers, data quality and the simulator run; needs DbModule and the global AuditModule. */
@Module({
  imports: [FleetModule],
  providers: [
    ChunkRepository,
    RollupRepository,
    RollupService,
    RawRetentionService,
    EventRepository,
    TelemetryService,
    IngestService,
    CsvImportService,
    EventsImportService,
    CmapssImportService,
    QualityService,
    SimulateService,
    SimulatePublishService,
    LiveRepository,
    LiveIngestService,
    LiveStatusService,
  ],
  exports: [
    TelemetryService,
    RollupService,
    RawRetentionService,
    IngestService,
    CsvImportService,
    EventsImportService,
    CmapssImportService,
    QualityService,
    SimulateService,
    SimulatePublishService,
    LiveIngestService,
    LiveStatusService,
  ],
})
export class TelemetryModule {}
