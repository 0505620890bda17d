import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fleetgate/auth';
import { currentContext } from '@fleetgate/common';
import { ScoringRoundService } from '@fleetgate/scoring';
import { RoundEnqueuedDto } from './scoring.dto';

@ApiTags('health')
@ApiBearerAuth()
@Controller('scoring/rounds')
export class ScoringRoundsController {
  constructor(private readonly rounds: ScoringRoundService) {}

  @Post()
  @HttpCode(202)
  @Roles('admin', 'reliability-engineer')
  @ApiOperation({ summary: 'Start a scoring round now (besides the one every FLEETGATE_SCORING_INTERVAL); a worker runs it' })
  @ApiResponse({ status: 202, type: RoundEnqueuedDto })
  async start(): Promise<RoundEnqueuedDto> {
    return { jobId: await this.rounds.enqueueRound(currentContext().requestId) };
  }
}
