import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
  imports: [TypeOrmModule.forFeature([SiteEntity, LineEntity, MachineEntity, SignalEntity, MappingRuleSetEntity])],
  providers: [FleetRepository, SiteService, FleetService, TagMappingService],
  exports: [SiteService, FleetService, TagMappingService],
})
export class FleetModule {}
