import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fleetgate/auth';
import { DeploymentConsistencyService } from '@fleetgate/gate';
import { DeploymentConsistencyDto } from './deployment-consistency.dto';

@ApiTags('gate')
@ApiBearerAuth()
@Controller('deployments')
@Roles('admin', 'reliability-engineer')
export class DeploymentsController {
  constructor(private readonly consistency: DeploymentConsistencyService) {}

  @Get('consistency')
  @ApiOperation({
    summary:
      'Approved promotions whose machines are served by another version (or none) with no later approved promotion explaining it; part of `fleetgate audit verify`',
  })
  @ApiResponse({ status: 200, type: DeploymentConsistencyDto })
  check(): Promise<DeploymentConsistencyDto> {
    return this.consistency.check();
  }
}
