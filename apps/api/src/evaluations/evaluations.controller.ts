import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, invalid } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { EvaluationRunEntity, EvaluationRunService, EvaluationViewService, RunProgress } from '@fleetgate/evaluation';
import { HeaderSink, lookbackOf, WINDOW_DEPRECATION_HEADERS } from '../lookback.util';
import { PageQueryDto } from '../page-query.dto';
import { EvaluationRunDto, MachineEvaluationPageDto, StartEvaluationDto } from './evaluations.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function idempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(raw))
    throw invalid('invalid Idempotency-Key header', [{ field: 'Idempotency-Key', message: 'expected 1–200 visible ASCII characters without spaces' }]);
  return raw;
}

function toDto(run: EvaluationRunEntity, progress: RunProgress, withheld: { machines: number } | null = null, note: string | null = null): EvaluationRunDto {
  return {
    id: run.id,
    modelVersionId: run.modelVersionId,
    status: run.status,
    from: new Date(run.fromMs).toISOString(),
    to: new Date(run.toMs).toISOString(),
    selection: run.selection as Record<string, unknown>,
    mappingVersion: run.mappingVersion,
    thresholds: run.thresholds ?? 'version',
    createdBy: run.createdBy,
    createdAt: new Date(run.createdAt).toISOString(),
    finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
    reportHash: run.reportHash,
    progress,
    ...(withheld ? { withheld } : {}),
    note,
  };
}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations')
export class EvaluationsController {
  constructor(
    private readonly runs: EvaluationRunService,
    private readonly views: EvaluationViewService,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('admin', 'ml-engineer', 'reliability-engineer')
  @ApiOperation({ summary: 'Start a fleet evaluation of a model version (202 + run id); workers do the work' })
  @ApiHeader({
    // Lower case, as the @Headers() parameter is named, so the two describe one header (HTTP header names ignore case).
    name: 'idempotency-key',
    required: false,
    description: 'Idempotency-Key: any 1–200 visible ASCII characters; a retry by the same user with the same key gets the same run, never a second one',
  })
  @ApiResponse({ status: 202, type: EvaluationRunDto, headers: WINDOW_DEPRECATION_HEADERS })
  @ApiResponse({ status: 503, description: 'Redis unreachable: the run is recorded (its id is in the message) and starts once Redis is back' })
  async start(
    @Body() body: StartEvaluationDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: HeaderSink,
    @Headers('idempotency-key') key?: string,
  ): Promise<EvaluationRunDto> {
    const { modelVersionId, selection, from, to, ageBands, thresholds } = body;
    const lookback = lookbackOf(body, res, 'POST /api/evaluations');
    const run = await this.runs.start(
      { modelVersionId, selection: selection ?? {}, from, to, lookback, ageBands, thresholds, idempotencyKey: idempotencyKey(key) },
      actor,
    );
    return toDto(run, await this.runs.progress(run));
  }

  @Get()
  @ApiOperation({ summary: "Runs, newest first; a plant manager sees only runs that include their sites' machines" })
  @ApiOkResponse({ type: [EvaluationRunDto] })
  async list(@CurrentActor() actor: Actor): Promise<EvaluationRunDto[]> {
    return (await this.views.list(actor)).map((v) => toDto(v.run, v.progress, v.withheld));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Summary and progress (machines done / failed / total); 404 for a plant manager when no machine of the run is theirs' })
  @ApiOkResponse({ type: EvaluationRunDto })
  @ApiResponse({ status: 404 })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<EvaluationRunDto> {
    const { run, progress, withheld } = await this.views.get(id, actor);
    return toDto(run, progress, withheld, await this.runs.note(run));
  }

  @Get(':id/report')
  @ApiOperation({
    summary:
      'The full fleet report (JSON, exactly the text that was hashed); 409 while the run is not finished. A plant manager gets a derived view: ' +
      'their machines only, counts recomputed, segment tables withheld, `withheld` counts, and `view.derivedFromReportHash` (the hash of the full report, not of the view)',
  })
  @ApiResponse({ status: 200, description: 'Fleet report, or a site-filtered view of it' })
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 409, description: 'The run has not finished' })
  async report(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: Actor,
    @Res() res: { status: (n: number) => { type: (t: string) => { send: (b: string) => void } } },
  ): Promise<void> {
    const out = await this.views.report(id, actor);
    res
      .status(200)
      .type('application/json')
      .send('text' in out ? out.text : JSON.stringify(out.view));
  }

  @Get(':id/machines')
  @ApiOperation({ summary: "Per-machine results, paged, in asset-id order; a plant manager's are limited to their sites" })
  @ApiOkResponse({ type: MachineEvaluationPageDto })
  @ApiResponse({ status: 404 })
  async machines(@Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto, @CurrentActor() actor: Actor): Promise<MachineEvaluationPageDto> {
    const offset = page.offset ?? 0;
    const { total, items, withheld } = await this.views.machines(id, offset, page.limit ?? 100, actor);
    return {
      total,
      offset,
      ...(withheld ? { withheld } : {}),
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
