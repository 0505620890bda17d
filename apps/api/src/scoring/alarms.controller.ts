import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { AlarmService } from '@fleetgate/scoring';
import { AcknowledgeAlarmDto, AlarmDto, AlarmListDto, AlarmsQueryDto } from './scoring.dto';

@ApiTags('health')
@ApiBearerAuth()
@Controller('alarms')
export class AlarmsController {
  constructor(private readonly alarms: AlarmService) {}

  @Get()
  @ApiOperation({ summary: 'Alarms the caller may see, newest first, with the live precision (Wilson interval) of their deployments' })
  @ApiResponse({ status: 200, type: AlarmListDto })
  list(@Query() q: AlarmsQueryDto, @CurrentActor() actor: Actor): Promise<AlarmListDto> {
    return this.alarms.list(actor, q);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('admin', 'reliability-engineer', 'plant-manager')
  @ApiOperation({ summary: 'Acknowledge an alarm (by the caller, with a note and an outcome), optionally closing it; plant managers for their sites only' })
  @ApiResponse({ status: 200, type: AlarmDto })
  @ApiResponse({ status: 404, description: 'No such alarm (or on a site the caller may not see)' })
  acknowledge(@Param('id') id: string, @Body() body: AcknowledgeAlarmDto, @CurrentActor() actor: Actor): Promise<AlarmDto> {
    return this.alarms.acknowledge(actor, id, body);
  }
}
