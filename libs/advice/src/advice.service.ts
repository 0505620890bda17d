import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Actor, parseDuration } from '@fleetgate/common';
import { EvaluationReader } from '@fleetgate/evaluation';
import { DEFAULT_POLICY_NAME, DEFAULT_VALUE_COSTS, GatePolicyService } from '@fleetgate/gate';
import { EVALUATION_QUEUE, jobId, JobName, JobPayloads } from '@fleetgate/queue';
import { ModelVersionService } from '@fleetgate/registry';
import { AdviceMachines } from './advice-machines.service';
import { rankByValue, rankRemedies, recommend, remedyFigures, segmentFigures } from './advice-summary.util';
import { AdviceEntity } from './advice.entity';
import { adviceErrors } from './advice.exception';
import { AdviceOptions, AdviceSummary, AdviceView, RemedyResult, RemedyState } from './advice.types';
import { planRemedies } from './remedy-plan.util';

/** The request body of `POST /api/evaluations/:id/advice`, before validation. */
export interface AdviceRequest {
  samplePerSegment?: unknown;
  regimeSignals?: unknown;
  baseline?: unknown;
  seed?: unknown;
}

const FINISHED_RUN = ['completed', 'partial'];
const ENDED_RUN = ['completed', 'partial', 'failed', 'cancelled'];

/**
 * Adaptation advice, the api side: ask (plans the remedies and enqueues the worker's `advise`
 * job), read, and — once every remedy's evaluation run has ended — the summary, computed once and
 * stored with the advice (see the advice README).
 */
@Injectable()
export class AdviceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluations: EvaluationReader,
    private readonly versions: ModelVersionService,
    private readonly policies: GatePolicyService,
    private readonly machines: AdviceMachines,
    @InjectQueue(EVALUATION_QUEUE) private readonly queue: Queue,
  ) {}

  async request(runId: string, body: AdviceRequest, actor: Actor): Promise<AdviceView> {
    const options = parseOptions(body, actor);
    const run = await this.evaluations.run(runId);
    if (!run) throw adviceErrors.runNotFound(runId);
    if (!FINISHED_RUN.includes(run.status) || !run.report) throw adviceErrors.runNotFinished(runId, run.status);
    if (!(await this.leftOut(runId)).length) throw adviceErrors.nothingLeftOut(runId);
    const v = await this.versions.load(run.modelVersionId);
    const n = v.normalization;
    const plan = planRemedies({
      method: n.method,
      thresholds: run.thresholds,
      trainingPeriodMs: Date.parse(v.manifest.training.to) - Date.parse(v.manifest.training.from),
      ...(options.baselineMs !== null ? { baselineMs: options.baselineMs } : {}),
      regimeSignals: options.regimeSignals.length ? options.regimeSignals : n.method === 'per-regime' ? n.regimes.regimeSignals : [],
    });
    const remedies: RemedyState[] = plan.map((p) => ({ ...p, modelVersionId: null, label: null, runId: null, trainingMachines: [], error: null }));
    const advice = Object.assign(new AdviceEntity(), {
      id: randomUUID(),
      runId,
      status: 'queued',
      requestedBy: actor.name,
      options: JSON.stringify(options),
      remedies: JSON.stringify(remedies),
      summary: null,
      error: null,
      createdAt: Date.now(),
      finishedAt: null,
    });
    await this.repo().insert(advice);
    await this.queue.add(JobName.Advise, { adviceId: advice.id } satisfies JobPayloads[JobName.Advise], {
      jobId: jobId(JobName.Advise, advice.id),
      attempts: 2,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: 100,
      removeOnFail: 100,
    });
    return view(advice);
  }

  /** The newest advice of the run, its summary computed once every remedy's run has ended. */
  async latest(runId: string): Promise<AdviceView> {
    const advice = await this.repo().findOne({ where: { runId }, order: { createdAt: 'DESC' } });
    if (!advice) throw adviceErrors.notFound(runId);
    if (advice.status === 'evaluating') await this.completeIfEnded(advice);
    return view(advice);
  }

  /** Machines of the run outside its validated scope and not trained on: what the advice is about. */
  async leftOut(runId: string): Promise<string[]> {
    return (await this.evaluations.machineResults(runId))
      .filter((r) => r.status === 'done' && r.verdict !== 'generalizes' && r.verdict !== 'training')
      .map((r) => r.assetId);
  }

  private async completeIfEnded(advice: AdviceEntity): Promise<void> {
    const remedies = JSON.parse(advice.remedies) as RemedyState[];
    const runIds = remedies.flatMap((r) => (r.runId ? [r.runId] : []));
    const runs = await this.evaluations.runsByIds(runIds);
    if (runs.length < runIds.length || runs.some((r) => !ENDED_RUN.includes(r.status))) return;
    advice.summary = JSON.stringify(await this.summarize(advice.runId, remedies));
    advice.status = 'done';
    advice.finishedAt = Date.now();
    // Only the first reader writes it: a concurrent one finds the row done already.
    await this.repo().update({ id: advice.id, status: 'evaluating' }, { summary: advice.summary, status: 'done', finishedAt: advice.finishedAt });
  }

  private async summarize(runId: string, remedies: RemedyState[]): Promise<AdviceSummary> {
    const run = (await this.evaluations.run(runId))!;
    const leftOutIds = await this.leftOut(runId);
    const source = await this.machines.of(runId, run);
    const leftOut = source.filter((m) => leftOutIds.includes(m.assetId));
    const policy = await this.policies.latest(DEFAULT_POLICY_NAME);
    const costs = policy.definition.value ?? DEFAULT_VALUE_COSTS;
    const results: RemedyResult[] = [];
    for (const r of remedies) {
      const { training: _training, sharesVariantOf: _shares, ...rest } = r;
      const ended = r.runId ? await this.evaluations.run(r.runId) : null;
      if (!ended || !FINISHED_RUN.includes(ended.status)) {
        const error = r.error ?? (ended ? `its evaluation run ${ended.id} ${ended.status}` : null);
        results.push({ ...rest, error, figures: null, segments: [] });
        continue;
      }
      const tried = await this.machines.of(ended.id, run);
      const key = `advice:${runId}:${r.remedy}`;
      results.push({ ...rest, figures: remedyFigures(leftOutIds, tried, costs, key), segments: segmentFigures(leftOut, tried, costs, key) });
    }
    const ranked = rankRemedies(results);
    return {
      leftOut: { machines: leftOutIds.length, assetIds: [...leftOutIds].sort() },
      costs,
      remedies: ranked,
      byValue: rankByValue(ranked.filter((r) => r.figures)),
      recommended: recommend(ranked),
    };
  }

  private repo() {
    return this.dataSource.getRepository(AdviceEntity);
  }
}

function parseOptions(body: AdviceRequest, actor: Actor): AdviceOptions {
  const b = body ?? {};
  const samplePerSegment = b.samplePerSegment ?? 1;
  if (!Number.isInteger(samplePerSegment) || (samplePerSegment as number) < 1 || (samplePerSegment as number) > 50)
    throw adviceErrors.invalid('samplePerSegment', 'must be an integer from 1 to 50');
  const regimeSignals = b.regimeSignals ?? [];
  if (!Array.isArray(regimeSignals) || regimeSignals.some((s) => typeof s !== 'string' || !s.trim()))
    throw adviceErrors.invalid('regimeSignals', 'must be an array of signal names');
  let baselineMs: number | null = null;
  if (b.baseline !== undefined) {
    try {
      baselineMs = parseDuration(String(b.baseline));
    } catch {
      throw adviceErrors.invalid('baseline', `not a duration: "${String(b.baseline)}" (use e.g. 50h, 14d)`);
    }
  }
  const seed = b.seed ?? 42;
  if (!Number.isInteger(seed)) throw adviceErrors.invalid('seed', 'must be an integer');
  return { samplePerSegment: samplePerSegment as number, regimeSignals: regimeSignals as string[], baselineMs, seed: seed as number, role: actor.role };
}

function view(a: AdviceEntity): AdviceView {
  return {
    id: a.id,
    runId: a.runId,
    status: a.status,
    requestedBy: a.requestedBy,
    options: JSON.parse(a.options) as AdviceOptions,
    remedies: JSON.parse(a.remedies) as RemedyState[],
    summary: a.summary ? (JSON.parse(a.summary) as AdviceSummary) : null,
    error: a.error,
    createdAt: new Date(a.createdAt).toISOString(),
    finishedAt: a.finishedAt === null ? null : new Date(a.finishedAt).toISOString(),
  };
}
