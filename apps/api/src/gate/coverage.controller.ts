import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor } from '@fleetgate/auth';
import { CoverageService } from '@fleetgate/gate';
import { CoverageDto, CoverageQueryDto } from './coverage.dto';

@ApiTags('gate')
@ApiBearerAuth()
@Controller('fleet/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Get()
  @ApiOperation({
    summary:
      'Each machine → its production version per model (and the evidence run behind it), or not covered; counts per site, line and segment. Plant managers see their sites.',
  })
  @ApiResponse({ status: 200, type: CoverageDto })
  @ApiResponse({ status: 403, description: 'A plant manager asking for another site' })
  get(@Query() q: CoverageQueryDto, @CurrentActor() actor: Actor): Promise<CoverageDto> {
    return this.coverage.coverage(actor, q.site);
  }
}
