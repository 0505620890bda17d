import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor } from '@fleetgate/auth';
import { FleetService } from '@fleetgate/fleet';
import { QualityService, telemetryErrors } from '@fleetgate/telemetry';
import { HeaderSink, lookbackOf, WINDOW_DEPRECATION_HEADERS } from '../lookback.util';
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
  @ApiOperation({
    summary:
      'Data quality per signal over a period (from&to clipped to its data, or lookback=90d = the last 90 days of data, or all of it up to FLEETGATE_MAX_LOOKBACK_DAYS); a longer window or a year outside 1970–2100 is a 400 naming from, to or lookback',
  })
  @ApiResponse({ status: 200, type: MachineQualityDto, headers: WINDOW_DEPRECATION_HEADERS })
  async get(
    @Param('id') id: string,
    @Query() query: QualityQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<MachineQualityDto> {
    const lookback = lookbackOf(query, res, 'GET /api/machines/:id/quality');
    const machine = await this.fleet.getMachine(id, actor);
    const period = await this.quality.resolvePeriod(machine.id, { from: query.from, to: query.to, lookback });
    if (!period) throw telemetryErrors.badWindow(`${machine.assetId} has no telemetry stored`);
    return this.quality.quality(machine, period.fromMs, period.toMs);
  }
}
