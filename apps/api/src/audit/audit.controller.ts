import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuditService, parseHead } from '@fleetgate/audit';
import { Roles } from '@fleetgate/auth';
import { AuditEventDto, AuditQueryDto, AuditVerifyDto, AuditVerifyQueryDto } from './audit.dto';

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
  @ApiOperation({
    summary: 'Check the hash chain (names the first broken event) and sign its head; with `against`, say whether it still extends an earlier head',
  })
  @ApiResponse({ status: 200, type: AuditVerifyDto })
  @ApiResponse({ status: 400, description: '`against` is not <count>:<hash>:<hmac>' })
  verify(@Query() query: AuditVerifyQueryDto): Promise<AuditVerifyDto> {
    const earlier = query.against ? parseHead(query.against) : undefined;
    return this.audit.verify(earlier && 'head' in earlier ? earlier.head : undefined);
  }
}
