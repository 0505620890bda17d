import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { AlarmRuleService, MachineHistoryService } from '@fleetgate/scoring';
import { AlarmRuleViewDto, MachineHistoryDto, RangeQueryDto, SetAlarmRuleDto, TelemetryPlotDto, TelemetryPlotQueryDto } from './scoring.dto';

@ApiTags('health')
@ApiBearerAuth()
@Controller('machines')
export class MachineHealthController {
  constructor(
    private readonly history: MachineHistoryService,
    private readonly rules: AlarmRuleService,
  ) {}

  @Get(':id/health')
  @ApiOperation({
    summary: "A machine's health now and its score history (with threshold) and alarms over from–to (default: the 7 days up to its newest data)",
  })
  @ApiResponse({ status: 200, type: MachineHistoryDto })
  @ApiResponse({ status: 400, description: 'from or to unreadable, or the range too long' })
  get(@Param('id') id: string, @Query() q: RangeQueryDto, @CurrentActor() actor: Actor): Promise<MachineHistoryDto> {
    return this.history.history(actor, id, q);
  }

  @Get(':id/telemetry')
  @ApiOperation({
    summary: 'Telemetry downsampled for plotting: min/max/mean per bucket, null where a bucket holds no sample (default: the last day of data in 500 points)',
  })
  @ApiResponse({ status: 200, type: TelemetryPlotDto })
  @ApiResponse({ status: 400, description: 'from, to or points invalid' })
  @ApiResponse({
    status: 409,
    description: 'buckets shorter than an hour over a day whose raw samples raw retention pruned (TELEMETRY_RAW_PRUNED, naming signal and day)',
  })
  telemetry(@Param('id') id: string, @Query() q: TelemetryPlotQueryDto, @CurrentActor() actor: Actor): Promise<TelemetryPlotDto> {
    return this.history.telemetryPlot(actor, id, q);
  }

  @Put(':id/alarm-rule')
  @Roles('admin', 'reliability-engineer')
  @ApiOperation({
    summary:
      "Set the alarm rule (k of the last n windows beyond the threshold raise; m in a row below clear) of the machine's production deployment(s), audited",
  })
  @ApiResponse({ status: 200, type: AlarmRuleViewDto })
  @ApiResponse({ status: 400, description: 'k, n or m out of range (named), k above n, or no production deployment (of the model)' })
  setAlarmRule(@Param('id') id: string, @Body() body: SetAlarmRuleDto, @CurrentActor() actor: Actor): Promise<AlarmRuleViewDto> {
    return this.rules.set(actor, id, body);
  }
}
