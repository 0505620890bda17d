import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { Actor } from '@fleetgate/common';
import { DeploymentConsistencyService, DeploymentGuardService, DeploymentListService } from '@fleetgate/gate';
import {
  DeploymentConsistencyDto,
  DeploymentListItemDto,
  DeploymentListQueryDto,
  ReinstateDeploymentDto,
  ReinstatedDeploymentDto,
} from './deployment-consistency.dto';

@ApiTags('gate')
@ApiBearerAuth()
@Controller('deployments')
@Roles('admin', 'reliability-engineer')
export class DeploymentsController {
  constructor(
    private readonly consistency: DeploymentConsistencyService,
    private readonly guards: DeploymentGuardService,
    private readonly listing: DeploymentListService,
  ) {}

  @Get()
  @Roles('admin', 'ml-engineer', 'reliability-engineer', 'plant-manager')
  @ApiOperation({
    summary:
      'Active deployments (staging and production) on the machines you may see, suspended ones with their reason and kind. Plant managers see their sites.',
  })
  @ApiResponse({ status: 200, type: DeploymentListItemDto, isArray: true })
  @ApiResponse({ status: 403, description: 'A plant manager asking for another site' })
  list(@Query() q: DeploymentListQueryDto, @CurrentActor() actor: Actor): Promise<DeploymentListItemDto[]> {
    return this.listing.list(actor, q);
  }

  @Get('consistency')
  @ApiOperation({
    summary:
      'Approved promotions whose machines are served by another version (or none) with no later approved promotion explaining it; part of `fleetgate audit verify`',
  })
  @ApiResponse({ status: 200, type: DeploymentConsistencyDto })
  check(): Promise<DeploymentConsistencyDto> {
    return this.consistency.check();
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @Roles('reliability-engineer')
  @ApiOperation({
    summary: 'Puts a deployment a guard demoted back in service (audited, with a note); its guards then count only data scored from now on',
  })
  @ApiResponse({ status: 200, type: ReinstatedDeploymentDto })
  @ApiResponse({ status: 404, description: 'No such deployment' })
  @ApiResponse({ status: 409, description: 'The deployment is not demoted by a guard (or no longer serves)' })
  reinstate(@Param('id') id: string, @Body() body: ReinstateDeploymentDto, @CurrentActor() actor: Actor): Promise<ReinstatedDeploymentDto> {
    return this.guards.reinstate(id, body.note, actor);
  }
}
