import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { Actor } from '@fleetgate/common';
import { ShadowService } from '@fleetgate/scoring';
import { ShadowDto, StartShadowDto } from './shadows.dto';

@ApiTags('health')
@ApiBearerAuth()
@Controller('shadows')
export class ShadowsController {
  constructor(private readonly shadows: ShadowService) {}

  @Post()
  @Roles('admin', 'reliability-engineer', 'ml-engineer')
  @ApiOperation({ summary: 'Score a candidate version alongside production on these machines, on the same windows, without touching health or alarms' })
  @ApiResponse({ status: 201, type: ShadowDto })
  start(@Body() body: StartShadowDto, @CurrentActor() actor: Actor): Promise<ShadowDto> {
    return this.shadows.start(body, actor);
  }

  @Get(':id')
  @Roles('admin', 'reliability-engineer', 'ml-engineer')
  @ApiOperation({ summary: 'Alarm agreement, rank correlation and failures caught, per machine and per segment (machine model, site)' })
  @ApiResponse({ status: 200, type: ShadowDto })
  show(@Param('id') id: string): Promise<ShadowDto> {
    return this.shadows.report(id);
  }

  @Post(':id/stop')
  @HttpCode(200)
  @Roles('admin', 'reliability-engineer', 'ml-engineer')
  @ApiOperation({ summary: 'Stop a shadow (its compared windows stay)' })
  @ApiResponse({ status: 200, type: ShadowDto })
  stop(@Param('id') id: string): Promise<ShadowDto> {
    return this.shadows.stop(id);
  }
}
