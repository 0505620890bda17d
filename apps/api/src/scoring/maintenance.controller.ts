import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { MaintenanceService } from '@fleetgate/scoring';
import { CreateMaintenanceDto, MaintenanceDto, MaintenanceQueryDto } from './scoring.dto';

@ApiTags('health')
@ApiBearerAuth()
@Controller('maintenance-windows')
export class MaintenanceController {
  constructor(private readonly maintenance: MaintenanceService) {}

  @Post()
  @Roles('admin', 'reliability-engineer')
  @ApiOperation({ summary: 'Plan maintenance for a machine (assetId) or a line (site + line): alarms raised inside are recorded as suppressed' })
  @ApiResponse({ status: 201, type: MaintenanceDto })
  @ApiResponse({ status: 400, description: 'A field missing or unreadable (named)' })
  create(@Body() body: CreateMaintenanceDto, @CurrentActor() actor: Actor): Promise<MaintenanceDto> {
    return this.maintenance.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Maintenance windows on machines and lines the caller may see' })
  @ApiResponse({ status: 200, type: [MaintenanceDto] })
  list(@Query() q: MaintenanceQueryDto, @CurrentActor() actor: Actor): Promise<MaintenanceDto[]> {
    return this.maintenance.list(actor, q);
  }
}
