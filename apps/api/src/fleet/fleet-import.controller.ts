import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { FleetService } from '@fleetgate/fleet';
import { FleetImportDto, FleetImportResultDto } from './machines.dto';

@ApiTags('fleet')
@ApiBearerAuth()
@Controller('fleet')
export class FleetImportController {
  constructor(private readonly fleet: FleetService) {}

  @Post('import')
  @Roles('admin')
  @ApiOperation({ summary: 'Import a fleet file in one transaction: all rows or none' })
  @ApiResponse({ status: 201, type: FleetImportResultDto })
  @ApiResponse({ status: 400, description: 'Unreadable file (bad JSON, no header, unclosed quote); nothing written' })
  @ApiResponse({
    status: 422,
    description: 'Rows refused (all or nothing): every bad row by CSV line or JSON index and field, the count per reason in the message; nothing written',
  })
  importFleet(@Body() body: FleetImportDto, @CurrentActor() actor: Actor): Promise<FleetImportResultDto> {
    return this.fleet.importFleetFile(body.content, body.format, actor.name);
  }
}
