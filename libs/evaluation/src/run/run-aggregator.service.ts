import { Injectable } from '@nestjs/common';
import { AuditService } from '@fleetgate/audit';
import { canonicalJson, jsonSafe, sha256Hex } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { enqueueWebhookEvent } from '@fleetgate/webhooks';
import { buildFleetReport, MachineOutcome } from '../fleet-report.util';
import { normalizationSummary, NormalizationSummary } from '../normalization-evidence.util';
import { decodeAssessment } from '../stored-assessment.util';
import { THRESHOLDS } from '../thresholds';
import { EvaluationRepository } from './evaluation.repository';
import { ModelLoader } from './model-loader';

/** The `aggregate-run` job: per-machine results → fleet report, stored with its hash. */
@Injectable()
export class RunAggregator {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly fleet: FleetService,
    private readonly models: ModelLoader,
    private readonly audit: AuditService,
  ) {}

  async aggregate(runId: string): Promise<void> {
    const run = await this.repo.run(runId);
    if (!run) throw new Error(`evaluation run ${runId} not found`);
    if (run.status === 'cancelled' || run.report) return;
    const rows = await this.repo.results(runId);
    const machines = await this.fleet.listMachines({ assetIds: rows.map((r) => r.assetId) });
    const byId = new Map(machines.map((m) => [m.id, m]));
    const outcomes: MachineOutcome[] = rows.map((r) => {
      const m = byId.get(r.machineId);
      const base = {
        machineId: r.machineId,
        assetId: r.assetId,
        site: m?.site?.name ?? 'unknown',
        line: m?.line?.name ?? null,
        machineModel: m?.machineModel ?? 'unknown',
        ageYears: m ? this.fleet.ageYears(m, run.toMs) : NaN,
        attributes: (m?.attributes ?? {}) as Record<string, string | number>,
      };
      if (r.status === 'done') return { ...base, status: 'done', assessment: decodeAssessment(r.result!) };
      return { ...base, status: 'failed', error: r.status === 'pending' ? 'no result: the job was lost before it could record one' : (r.error ?? 'failed') };
    });
    const report = buildFleetReport(outcomes, { ageBands: run.selection.ageBands ?? [...THRESHOLDS.defaultAgeBands] });
    const v = await this.models.version(run.modelVersionId);
    const full = {
      runId,
      model: { name: v.modelName, version: v.version, sha256: v.sha256 },
      window: { from: new Date(run.fromMs).toISOString(), to: new Date(run.toMs).toISOString() },
      mappingVersion: run.mappingVersion,
      /** The alarm threshold applied: the version's, or each machine's own. */
      alarmThresholds: run.thresholds ?? 'version',
      thresholds: THRESHOLDS,
      ...report,
      // Normalised versions only, so a raw run's report is what it always was.
      ...withNormalization(normalizationSummary(outcomes)),
    };
    const text = canonicalJson(jsonSafe(full));
    const hash = sha256Hex(text);
    await this.repo.transaction(async (m) => {
      await this.repo.finishRun(runId, { status: report.status, report: text, reportHash: hash, finishedAt: Date.now() }, m);
      await this.audit.append(
        {
          actor: 'worker',
          action: 'evaluation.finished',
          subject: `evaluation:${runId}`,
          payload: { status: report.status, reportHash: hash, counts: report.counts },
        },
        m,
      );
      await enqueueWebhookEvent(m, 'evaluation.finished', {
        runId,
        modelVersionId: run.modelVersionId,
        model: full.model,
        status: report.status,
        reportHash: hash,
        counts: report.counts,
      });
    });
  }
}

function withNormalization(summary: NormalizationSummary | null): { normalization?: NormalizationSummary } {
  return summary ? { normalization: summary } : {};
}
