import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@fleetgate/audit';
import { Roles } from '@fleetgate/auth';
import { AuditEventDto, AuditQueryDto, AuditVerifyDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('admin', 'reliability-engineer')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Audit events in order (paged by afterSeq)' })
  @ApiResponse({ status: 200, type: [AuditEventDto] })
  async list(@Query() query: AuditQueryDto): Promise<AuditEventDto[]> {
    const events = await this.audit.list(query);
    return events.map((e) => ({ ...e, at: new Date(e.at).toISOString() }));
  }

  @Get('verify')
  @ApiOperation({ summary: 'Check the hash chain; names the first broken event' })
  @ApiResponse({ status: 200, type: AuditVerifyDto })
  verify(): Promise<AuditVerifyDto> {
    return this.audit.verify();
  }
}
