import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '@fleetgate/audit';
import { canonicalJson } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { MachineAssessment } from '../assess-machine.util';
import { buildFleetReport, MachineOutcome } from '../fleet-report.util';
import { jsonSafe } from '../json-safe.util';
import { EvaluationRunEntity } from './evaluation-run.entity';
import { MachineEvaluationEntity } from './machine-evaluation.entity';
import { ModelLoader } from './model-loader';
import { THRESHOLDS } from '../thresholds';

/** The `aggregate-run` job: per-machine results → fleet report, stored with its hash. */
@Injectable()
export class RunAggregator {
  constructor(
    @InjectRepository(EvaluationRunEntity) private readonly runs: Repository<EvaluationRunEntity>,
    @InjectRepository(MachineEvaluationEntity) private readonly results: Repository<MachineEvaluationEntity>,
    private readonly fleet: FleetService,
    private readonly models: ModelLoader,
    private readonly audit: AuditService,
  ) {}

  async aggregate(runId: string): Promise<void> {
    const run = await this.runs.findOneOrFail({ where: { id: runId } });
    if (run.status === 'cancelled' || run.report) return;
    const rows = await this.results.find({ where: { runId }, order: { assetId: 'ASC' } });
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
      if (r.status === 'done') return { ...base, status: 'done', assessment: JSON.parse(r.result!) as MachineAssessment };
      return { ...base, status: 'failed', error: r.status === 'pending' ? 'no result: the job was lost before it could record one' : (r.error ?? 'failed') };
    });
    const report = buildFleetReport(outcomes, { ageBands: run.selection.ageBands ?? [...THRESHOLDS.defaultAgeBands] });
    const v = await this.models.version(run.modelVersionId);
    const full = {
      runId,
      model: { name: v.modelName, version: v.version, sha256: v.sha256 },
      window: { from: new Date(run.fromMs).toISOString(), to: new Date(run.toMs).toISOString() },
      mappingVersion: run.mappingVersion,
      thresholds: THRESHOLDS,
      ...report,
    };
    const text = canonicalJson(jsonSafe(full));
    const hash = createHash('sha256').update(text).digest('hex');
    await this.runs.manager.transaction(async (m) => {
      await m.getRepository(EvaluationRunEntity).update({ id: runId }, { status: report.status, report: text, reportHash: hash, finishedAt: Date.now() });
      await this.audit.append(
        {
          actor: 'worker',
          action: 'evaluation.finished',
          subject: `evaluation:${runId}`,
          payload: { status: report.status, reportHash: hash, counts: report.counts },
        },
        m,
      );
    });
  }
}
