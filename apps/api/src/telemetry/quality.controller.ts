import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor } from '@fleetgate/auth';
import { FleetService } from '@fleetgate/fleet';
import { QualityService, telemetryErrors } from '@fleetgate/telemetry';
import { MachineQualityDto, QualityQueryDto } from './quality.dto';

@ApiTags('telemetry')
@ApiBearerAuth()
@Controller('machines')
export class QualityController {
  constructor(
    private readonly fleet: FleetService,
    private readonly quality: QualityService,
  ) {}

  @Get(':id/quality')
  @ApiOperation({ summary: 'Data quality per signal over a window (from&to, or window=90d = the last 90 days of data)' })
  @ApiResponse({ status: 200, type: MachineQualityDto })
  async get(@Param('id') id: string, @Query() query: QualityQueryDto, @CurrentActor() actor: Actor): Promise<MachineQualityDto> {
    const machine = await this.fleet.getMachine(id, actor);
    const window = await this.quality.resolveWindow(machine.id, query);
    if (!window) throw telemetryErrors.badWindow(`${machine.assetId} has no telemetry stored`);
    return this.quality.quality(machine, window.fromMs, window.toMs);
  }
}
