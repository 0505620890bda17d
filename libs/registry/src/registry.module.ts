import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FleetModule } from '@fleetgate/fleet';
import { TelemetryModule } from '@fleetgate/telemetry';
import { ArtifactStore } from './artifact/artifact-store.service';
import { ModelEntity } from './model/model.entity';
import { ModelVersionEntity } from './model-version/model-version.entity';
import { ModelVersionService } from './model-version/model-version.service';
import { RegistryRepository } from './model-version/registry.repository';
import { StageChangeEntity } from './model-version/stage-change.entity';
import { ReferenceProfileService } from './reference-profile/reference-profile.service';
import { RegistryService } from './registry.service';

/** Models and versions; needs DbModule, ConfigModule and the global AuditModule in the importing app. */
@Module({
  imports: [TypeOrmModule.forFeature([ModelEntity, ModelVersionEntity, StageChangeEntity]), FleetModule, TelemetryModule],
  providers: [RegistryRepository, ArtifactStore, ReferenceProfileService, ModelVersionService, RegistryService],
  exports: [ArtifactStore, ModelVersionService, RegistryService, ReferenceProfileService],
})
export class RegistryModule {}
