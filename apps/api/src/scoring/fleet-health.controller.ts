import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { Actor } from '@fleetgate/common';
import { CurrentActor } from '@fleetgate/auth';
import { FleetHealthService } from '@fleetgate/scoring';
import { FleetHealthDto, FleetHealthQueryDto } from './scoring.dto';

@ApiTags('health')
@ApiBearerAuth()
@Controller('fleet/health')
export class FleetHealthController {
  constructor(private readonly health: FleetHealthService) {}

  @Get()
  @ApiOperation({
    summary:
      'Every machine the caller may see: state (ok, watch, alarm, no-data, suspended, not-covered), latest score and threshold, 24 h data-quality grade, last data; filters and counts per site and line',
  })
  @ApiResponse({ status: 200, type: FleetHealthDto })
  @ApiResponse({ status: 403, description: 'A plant manager asking for another site' })
  async get(@Query() q: FleetHealthQueryDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: ServerResponse): Promise<string> {
    // The view's JSON as the service keeps it per snapshot (a FleetHealthDto), with its ETag: a
    // poll whose If-None-Match still holds gets 304.
    const { body, etag } = await this.health.fleetHealthJson(actor, q);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('ETag', etag);
    return body;
  }
}
