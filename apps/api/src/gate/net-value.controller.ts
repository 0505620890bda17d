import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fleetgate/auth';
import { NetValueService } from '@fleetgate/gate';
import { NetValueQueryDto, RunNetValueDto } from './net-value.dto';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations')
export class NetValueController {
  constructor(private readonly values: NetValueService) {}

  @Get(':id/value')
  // Fleet-wide figures, like the report's segment tables that a plant manager's view withholds.
  @Roles('admin', 'ml-engineer', 'reliability-engineer')
  @ApiOperation({
    summary:
      'Net value per 1,000 machine-hours against running to failure, for the evaluated machines, the validated scope and each machine-model, ' +
      'age-band and site segment, with 95 % bootstrap intervals over machines; priced with the costs of the newest approved version of the ' +
      'policy (default "default"), or the shipped placeholder costs when it sets none (`costsFrom` null)',
  })
  @ApiResponse({ status: 200, type: RunNetValueDto })
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 422, description: 'The run has not finished' })
  get(@Param('id', ParseUUIDPipe) id: string, @Query() q: NetValueQueryDto): Promise<RunNetValueDto> {
    return this.values.forRun(id, q.policy);
  }
}
