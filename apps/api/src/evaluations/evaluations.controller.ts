import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { EvaluationRunEntity, EvaluationRunService, RunProgress } from '@fleetgate/evaluation';
import { HeaderSink, lookbackOf, WINDOW_DEPRECATION_HEADERS } from '../lookback.util';
import { PageQueryDto } from '../page-query.dto';
import { EvaluationRunDto, MachineEvaluationPageDto, StartEvaluationDto } from './evaluations.dto';

function toDto(run: EvaluationRunEntity, progress: RunProgress): EvaluationRunDto {
  return {
    id: run.id,
    modelVersionId: run.modelVersionId,
    status: run.status,
    from: new Date(run.fromMs).toISOString(),
    to: new Date(run.toMs).toISOString(),
    selection: run.selection as Record<string, unknown>,
    mappingVersion: run.mappingVersion,
    createdBy: run.createdBy,
    createdAt: new Date(run.createdAt).toISOString(),
    finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
    reportHash: run.reportHash,
    progress,
  };
}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations')
export class EvaluationsController {
  constructor(private readonly runs: EvaluationRunService) {}

  @Post()
  @HttpCode(202)
  @Roles('admin', 'ml-engineer', 'reliability-engineer')
  @ApiOperation({ summary: 'Start a fleet evaluation of a model version (202 + run id); workers do the work' })
  @ApiResponse({ status: 202, type: EvaluationRunDto, headers: WINDOW_DEPRECATION_HEADERS })
  async start(@Body() body: StartEvaluationDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: HeaderSink): Promise<EvaluationRunDto> {
    const { modelVersionId, selection, from, to, ageBands } = body;
    const lookback = lookbackOf(body, res, 'POST /api/evaluations');
    const run = await this.runs.start({ modelVersionId, selection: selection ?? {}, from, to, lookback, ageBands }, actor);
    return toDto(run, { total: run.total, done: 0, failed: 0 });
  }

  @Get()
  @ApiOkResponse({ type: [EvaluationRunDto] })
  async list(): Promise<EvaluationRunDto[]> {
    const runs = await this.runs.list();
    return Promise.all(runs.map(async (r) => toDto(r, await this.runs.progress(r))));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Summary and progress (machines done / failed / total)' })
  @ApiOkResponse({ type: EvaluationRunDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<EvaluationRunDto> {
    const { run, progress } = await this.runs.get(id);
    return toDto(run, progress);
  }

  @Get(':id/report')
  @ApiOperation({ summary: 'The full fleet report (JSON, exactly the text that was hashed); 409 while the run is not finished' })
  @ApiResponse({ status: 200, description: 'Fleet report' })
  async report(
    @Param('id', ParseUUIDPipe) id: string,
    @Res() res: { status: (n: number) => { type: (t: string) => { send: (b: string) => void } } },
  ): Promise<void> {
    const text = await this.runs.reportText(id);
    res.status(200).type('application/json').send(text);
  }

  @Get(':id/machines')
  @ApiOperation({ summary: 'Per-machine results, paged, in asset-id order' })
  @ApiOkResponse({ type: MachineEvaluationPageDto })
  async machines(@Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto): Promise<MachineEvaluationPageDto> {
    const offset = page.offset ?? 0;
    const { total, items } = await this.runs.machines(id, offset, page.limit ?? 100);
    return {
      total,
      offset,
      items: items.map((m) => ({
        machineId: m.machineId,
        assetId: m.assetId,
        status: m.status,
        verdict: m.verdict,
        result: m.result ? JSON.parse(m.result) : null,
        error: m.error,
        attempts: m.attempts,
      })),
    };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin', 'ml-engineer', 'reliability-engineer')
  @ApiOperation({ summary: 'Cancel a queued or running run (200, status cancelled, finishedAt set); 409 when it has already finished' })
  @ApiOkResponse({ type: EvaluationRunDto })
  @ApiResponse({ status: 409, description: 'The run is not queued or running' })
  async cancel(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<EvaluationRunDto> {
    const run = await this.runs.cancel(id, actor);
    return toDto(run, await this.runs.progress(run));
  }
}
