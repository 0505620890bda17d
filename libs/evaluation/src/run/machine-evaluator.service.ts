import { Injectable, Logger } from '@nestjs/common';
import { FleetService, TagMappingService } from '@fleetgate/fleet';
import { buildFeatureWindows, FeatureWindows } from '@fleetgate/inference';
import { TelemetryService } from '@fleetgate/telemetry';
import { assessMachine } from '../assess-machine.util';
import { encodeAssessment } from '../stored-assessment.util';
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
  ) {}

  async evaluate(runId: string, machineId: string, attempt: number): Promise<void> {
    const run = await this.repo.run(runId);
    if (!run) throw new Error(`evaluation run ${runId} not found`);
    if (run.status === 'cancelled') return;
    if (run.status === 'queued') await this.repo.markRunning(runId);
    const machine = await this.fleet.getMachine(machineId);
    const v = await this.models.version(run.modelVersionId);
    if (!v.reference) throw new Error(`model version ${v.modelName}@${v.version} has no reference profile`);
    const signals = v.recipe.signals;
    // Independent reads: let the database work on them together.
    // Labels (failures, maintenance) decide healthy windows; error events are only counted as context.
    const [resolution, series, labels, errors] = await Promise.all([
      this.mapping.resolveForMachine(machine),
      this.telemetry.readMachine(machine.id, signals, run.fromMs, run.toMs),
      this.telemetry.labelEvents(machine.id, run.fromMs - v.horizonMs, run.toMs + v.horizonMs),
      this.telemetry.events(machine.id, run.fromMs, run.toMs, ['error']),
    ]);
    const mapped = new Set(resolution.mapped.map((m) => m.signal));
    const missing = signals.filter((s) => !series[s] || !hasData(series[s].values));
    const missingReasons = missing.map((s) => (mapped.has(s) ? s : `${s} (no raw tag maps to it)`));
    let windows: FeatureWindows | null = null;
    let scores = new Float32Array(0);
    if (missing.length === 0) {
      windows = buildFeatureWindows(v.recipe, series);
      scores = await this.models.score(v, windows.features, windows.rows, windows.cols);
    }
    const assessment = assessMachine({
      model: v,
      profile: v.reference,
      series,
      missingSignals: missingReasons,
      events: labels.map((e) => ({ ts: e.ts, kind: e.kind })),
      errorEventsMs: errors.map((e) => e.ts),
      windows,
      scores,
      fromMs: run.fromMs,
      toMs: run.toMs,
      seedKey: machine.assetId,
    });
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
    this.logger.debug({ msg: 'machine evaluated', runId, machineId, verdict: assessment.verdict });
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
