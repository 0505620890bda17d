import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fleetgate/auth';
import { EvidenceBundleService } from '@fleetgate/gate';

@ApiTags('gate')
@ApiBearerAuth()
@Controller('model-versions')
export class EvidenceController {
  constructor(private readonly bundles: EvidenceBundleService) {}

  @Get(':id/evidence')
  @Roles('admin', 'ml-engineer', 'reliability-engineer')
  @ApiOperation({
    summary:
      'Evidence bundle: version, manifest, sha256, evidence reports with hashes, promotions with rule outcomes, audit events (check offline with `audit verify --bundle`)',
  })
  @ApiResponse({ status: 200, description: 'fleetgate-evidence/1 JSON' })
  @ApiResponse({ status: 404 })
  bundle(@Param('id') id: string): Promise<unknown> {
    return this.bundles.bundle(id);
  }
}
