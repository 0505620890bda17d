import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { MachineBaselineService } from '@fleetgate/fleet';
import { BaselineResetService } from '@fleetgate/gate';
import { BaselineResetDto, MachineBaselineDto, SetBaselineDto } from './machine-baselines.dto';

@ApiTags('fleet')
@ApiBearerAuth()
@Controller('machines')
export class MachineBaselinesController {
  constructor(
    private readonly baselines: MachineBaselineService,
    private readonly reset: BaselineResetService,
  ) {}

  @Get(':id/baselines')
  @ApiOperation({ summary: "The machine's explicit baseline periods, oldest version first (by id or asset id); plant managers see their sites only" })
  @ApiResponse({ status: 200, type: [MachineBaselineDto] })
  @ApiResponse({ status: 404, description: 'Unknown, or (for a plant manager) of another site: the same answer' })
  list(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<MachineBaselineDto[]> {
    return this.baselines.list(id, actor);
  }

  @Post(':id/baseline')
  @Roles('reliability-engineer', 'admin')
  @ApiOperation({
    summary:
      'Give the machine a new baseline period (e.g. after an overhaul): stored as its next version, audited (machine.baseline-set), and every active production deployment of the machine is suspended until a promotion re-evaluated on it replaces it',
  })
  @ApiResponse({ status: 201, type: BaselineResetDto })
  @ApiResponse({ status: 400, description: 'from / to not ISO instants, in the future, or to not after from; note missing — each field named' })
  @ApiResponse({ status: 404, description: 'Unknown machine' })
  @ApiResponse({ status: 409, description: 'Another baseline of the machine was being set at the same moment; nothing written' })
  set(@Param('id') id: string, @Body() body: SetBaselineDto, @CurrentActor() actor: Actor): Promise<BaselineResetDto> {
    return this.reset.set(id, body, actor);
  }
}
