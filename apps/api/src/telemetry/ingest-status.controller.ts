import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fleetgate/auth';
import { LiveStatusService } from '@fleetgate/telemetry';
import { IngestStatusDto } from './ingest-status.dto';

@ApiTags('telemetry')
@ApiBearerAuth()
@Controller('ingest')
@Roles('admin', 'reliability-engineer')
export class IngestStatusController {
  constructor(private readonly live: LiveStatusService) {}

  @Get('status')
  @ApiOperation({
    summary:
      'The live (MQTT) ingest: messages and samples per minute, the last message per machine, dead letters by reason and the newest ones — from the database, across restarts and every ingest process',
  })
  @ApiResponse({ status: 200, type: IngestStatusDto })
  status(): Promise<IngestStatusDto> {
    return this.live.status();
  }
}
