import { Inject, Injectable, Logger } from '@nestjs/common';
import { Series } from '@fleetgate/common';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { FleetService, MachineBaselineService, MachineEntity, TagMappingService } from '@fleetgate/fleet';
import { buildFeatureWindows, FeatureWindows, prepareMachineSeries, PreparedSeries, signalsToRead } from '@fleetgate/inference';
import { hourlyBuffers, TelemetryService } from '@fleetgate/telemetry';
import { machinesEvaluated } from '@fleetgate/metrics';
import { dataSpan } from '../assess-machine.util';
import { machineThreshold, splitCalibration, ThresholdEvidence } from '../calibration.util';
import { encodeAssessment } from '../stored-assessment.util';
import { hasHourlyData, hourlyRefusal, hourlyWindows } from '../hourly-input.util';
import { AssessmentPool } from './assessment-pool';
import { EvaluationRepository } from './evaluation.repository';
import { ModelLoader } from './model-loader';

/** The `evaluate-machine` job: telemetry → windows → batched inference → assessment, upserted. */
@Injectable()
export class MachineEvaluator {
  private readonly logger = new Logger(MachineEvaluator.name);

  constructor(
    private readonly repo: EvaluationRepository,
    private readonly models: ModelLoader,
    private readonly fleet: FleetService,
    private readonly mapping: TagMappingService,
    private readonly telemetry: TelemetryService,
    private readonly baselines: MachineBaselineService,
    private readonly assessments: AssessmentPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Evaluates and stores one machine of the run; returns the machine (null when the run was cancelled). */
  async evaluate(runId: string, machineId: string, attempt: number): Promise<MachineEntity | null> {
    const run = await this.repo.run(runId);
    if (!run) throw new Error(`evaluation run ${runId} not found`);
    if (run.status === 'cancelled') return null;
    if (run.status === 'queued') await this.repo.markRunning(runId);
    const machine = await this.fleet.getMachine(machineId);
    const v = await this.models.version(run.modelVersionId);
    if (!v.reference) throw new Error(`model version ${v.modelName}@${v.version} has no reference profile`);
    const signals = v.recipe.signals;
    const toRead = signalsToRead(signals, v.normalization);
    // Hourly rollups where they give the same figures (`hourlyRefusal`); samples otherwise.
    const info = await this.telemetry.seriesInfo(machine.id);
    const refusal =
      this.config.evaluationReads === 'samples'
        ? 'FLEETGATE_EVALUATION_READS=samples'
        : hourlyRefusal(
            v.recipe,
            v.normalization.method,
            run.fromMs,
            run.toMs,
            info.filter((s) => toRead.includes(s.signal)),
          );
    const byHour = refusal === null;
    // Independent reads: let the database work on them together.
    // Labels (failures, maintenance) decide healthy windows; error events are only counted as context.
    const [hourly, stored, { labels, errors }] = await Promise.all([
      byHour ? this.telemetry.readHourly(machine.id, toRead, run.fromMs, run.toMs, { seriesInfo: info }).then((r) => r.series) : undefined,
      byHour ? ({} as Record<string, Series>) : this.telemetry.readMachine(machine.id, toRead, run.fromMs, run.toMs, { seriesInfo: info }),
      this.telemetry.labelsAndErrors(machine.id, [run.fromMs - v.horizonMs, run.toMs + v.horizonMs], [run.fromMs, run.toMs]),
    ]);
    const missing = toRead.filter((s) => (hourly ? !hasHourlyData(hourly[s]) : !stored[s] || !hasData(stored[s].values)));
    // Which raw tags map to a missing signal says why it is missing; nothing to say when none is.
    const mapped = missing.length ? new Set((await this.mapping.resolveForMachine(machine)).mapped.map((m) => m.signal)) : new Set<string>();
    const missingReasons = missing.map((s) => (mapped.has(s) ? s : `${s} (no raw tag maps to it)`));
    const events = labels.map((e) => ({ ts: e.ts, kind: e.kind }));
    // The trainer's preparation (one implementation): raw, against the machine's own baseline, or per regime.
    let prepared: PreparedSeries = { series: stored, calibrationEndMs: -Infinity };
    if (missing.length === 0 && v.normalization.method !== 'none') {
      const span = dataSpan(
        signals.map((s) => stored[s]),
        run.fromMs,
        run.toMs,
      );
      prepared = prepareMachineSeries(v.normalization, {
        signals,
        series: stored,
        events,
        horizonMs: v.horizonMs,
        dataFromMs: span.fromMs,
        dataToMs: span.toMs,
        ...(await this.explicitBaseline(machine.id, signals, run.fromMs, run.toMs)),
      });
    }
    let windows: FeatureWindows | null = null;
    let scores = new Float32Array(0);
    let threshold: ThresholdEvidence | undefined;
    if (missing.length === 0 && !prepared.refusal) {
      const all = hourly ? hourlyWindows(v.recipe, hourly) : buildFeatureWindows(v.recipe, prepared.series);
      const allScores = await this.models.score(v, all.features, all.rows, all.cols);
      // Windows that touch the baseline calibrated the machine: no figure counts them.
      const split = splitCalibration(all, allScores, v.recipe.windowMs, prepared.calibrationEndMs);
      windows = split.evaluated;
      scores = split.scores;
      if (v.normalization.method === 'per-machine-baseline') {
        const q = v.manifest.training.metadata?.thresholdQuantile;
        threshold = machineThreshold(
          run.thresholds ?? 'version',
          v.output,
          v.reference.outputSorted,
          split.calibrationScores,
          typeof q === 'number' && q > 0 && q < 1 ? q : undefined,
        );
      }
    }
    // On a thread of the pool: the main thread meanwhile reads and scores the next machine. The
    // hourly rollups move there (nothing here reads them again) instead of being copied.
    const assessment = await this.assessments.assess(
      {
        model: { recipe: v.recipe, horizonMs: v.horizonMs, output: v.output },
        profile: v.reference,
        series: prepared.series instanceof Map ? Object.fromEntries(prepared.series) : (prepared.series as typeof stored),
        ...(hourly ? { hourly } : {}),
        missingSignals: missingReasons,
        events,
        errorEventsMs: errors.map((e) => e.ts),
        windows,
        scores,
        fromMs: Math.max(run.fromMs, prepared.calibrationEndMs),
        toMs: run.toMs,
        seedKey: machine.assetId,
        ...(v.normalization.method !== 'none' ? { normalization: { method: v.normalization.method, prepared, pilotRelations: v.reference.relations } } : {}),
        ...(threshold ? { threshold } : {}),
        // Every machine the version learned from (a single-pilot version: the pilot) is training, not evidence.
        training: v.manifest.training.machineIds.includes(machine.assetId),
      },
      hourly ? hourlyBuffers(hourly) : [],
    );
    assessment.reads = refusal === null ? { from: 'rollups' } : { from: 'samples', why: refusal };
    await this.repo.upsertResult({
      runId,
      machineId,
      assetId: machine.assetId,
      status: 'done',
      verdict: assessment.verdict,
      result: encodeAssessment(assessment),
      error: null,
      attempts: attempt,
      updatedAt: Date.now(),
    });
    machinesEvaluated.inc({ verdict: assessment.verdict });
    this.logger.debug({ msg: 'machine evaluated', runId, machineId, verdict: assessment.verdict });
    return machine;
  }

  /**
   * A baseline period set for the machine through the api (after an overhaul): its period and
   * version, with the series that cover it when it lies outside the evaluated period.
   */
  private async explicitBaseline(machineId: string, signals: string[], fromMs: number, toMs: number) {
    const explicit = await this.baselines.latestExplicit(machineId);
    if (!explicit) return {};
    const inside = explicit.fromMs >= fromMs && explicit.toMs <= toMs;
    const series = inside ? undefined : await this.telemetry.readMachine(machineId, signals, explicit.fromMs, explicit.toMs);
    return { explicit: { fromMs: explicit.fromMs, toMs: explicit.toMs, version: explicit.version, ...(series ? { series } : {}) } };
  }

  /** Records a machine that failed for good, so the run can end `partial` and name it. */
  async recordFailure(runId: string, machineId: string, assetId: string, error: string, attempts: number): Promise<void> {
    await this.repo.upsertResult({ runId, machineId, assetId, status: 'failed', verdict: null, result: null, error, attempts, updatedAt: Date.now() });
  }
}

function hasData(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) return true;
  return false;
}
