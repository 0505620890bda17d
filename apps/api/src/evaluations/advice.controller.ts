import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdviceService, AdviceView } from '@fleetgate/advice';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { Actor } from '@fleetgate/common';
import { AdviceDto, AdviceRequestDto } from './advice.dto';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations')
export class AdviceController {
  constructor(private readonly advice: AdviceService) {}

  @Post(':id/advice')
  @HttpCode(202)
  @Roles('admin', 'ml-engineer', 'reliability-engineer')
  @ApiOperation({
    summary:
      'Adaptation advice for the machines a finished run left out: the worker trains and registers each applicable remedy’s variant ' +
      '(per-machine baseline, per-regime, fleet-trained) and evaluates it — and per-machine thresholds — over the left-out machines; ' +
      'GET the same path for the result',
  })
  @ApiResponse({ status: 202, type: AdviceDto })
  @ApiResponse({ status: 404, description: 'No such run' })
  @ApiResponse({ status: 409, description: 'The run has not finished' })
  @ApiResponse({ status: 422, description: 'The run left no machine out' })
  request(@Param('id', ParseUUIDPipe) id: string, @Body() body: AdviceRequestDto, @CurrentActor() actor: Actor): Promise<AdviceView> {
    return this.advice.request(id, { ...body }, actor);
  }

  @Get(':id/advice')
  // Fleet-wide figures, like the value view.
  @Roles('admin', 'ml-engineer', 'reliability-engineer')
  @ApiOperation({ summary: 'The newest advice asked for the run: its status, each remedy as tried and, once every remedy’s run ended, the summary' })
  @ApiResponse({ status: 200, type: AdviceDto })
  @ApiResponse({ status: 404, description: 'No advice was asked for the run' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AdviceView> {
    return this.advice.latest(id);
  }
}
