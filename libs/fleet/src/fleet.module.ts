import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MachineBaselineEntity } from './baseline/machine-baseline.entity';
import { MachineBaselineRepository } from './baseline/machine-baseline.repository';
import { MachineBaselineService } from './baseline/machine-baseline.service';
import { FleetRepository } from './machine/fleet.repository';
import { FleetService } from './machine/fleet.service';
import { MachineEntity } from './machine/machine.entity';
import { MappingRuleSetEntity } from './tag-mapping/mapping-rule-set.entity';
import { SignalEntity } from './tag-mapping/signal.entity';
import { TagMappingService } from './tag-mapping/tag-mapping.service';
import { LineEntity } from './site/line.entity';
import { SiteEntity } from './site/site.entity';
import { SiteService } from './site/site.service';

/** The fleet registry and tag mapping; needs DbModule and the global AuditModule in the importing app. */
@Module({
  imports: [TypeOrmModule.forFeature([SiteEntity, LineEntity, MachineEntity, SignalEntity, MappingRuleSetEntity, MachineBaselineEntity])],
  providers: [FleetRepository, SiteService, FleetService, TagMappingService, MachineBaselineRepository, MachineBaselineService],
  exports: [SiteService, FleetService, TagMappingService, MachineBaselineService],
})
export class FleetModule {}
