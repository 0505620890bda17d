import { Injectable } from '@nestjs/common';
import { HOUR_MS } from '@fleetgate/common';
import { ageBand, EvaluationReader, EvaluationRunEntity, THRESHOLDS } from '@fleetgate/evaluation';
import { ageInYears, FleetService, MachineEntity } from '@fleetgate/fleet';
import { gateErrors } from '../gate.exception';
import { PolicyDefinition, ScopeMachine } from '../policy.types';
import { MachineResultSource, toScopeMachines } from '../scope/scope-machines.util';
import { ScopeKind } from './promotion.entity';

/** The parts of a stored fleet report the gate reads. */
interface ReportScope {
  validatedScope?: { assetIds?: string[]; excluded?: Array<{ assetId: string; verdict: string }> };
  ageBands?: number[];
}

export interface Evidence {
  run: EvaluationRunEntity;
  report: ReportScope;
}

/** Finds and checks the evidence of a promotion request, and the machines of its scope. */
@Injectable()
export class PromotionEvidenceService {
  constructor(
    private readonly evaluations: EvaluationReader,
    private readonly fleet: FleetService,
  ) {}

  /** The run must be of this exact version, finished (completed or partial) and young enough for the policy. */
  async evidence(runId: string, versionId: string, policy: PolicyDefinition, nowMs = Date.now()): Promise<Evidence> {
    const run = await this.evaluations.run(runId);
    if (!run) throw gateErrors.evidenceNotFound(runId);
    if (run.modelVersionId !== versionId) throw gateErrors.evidenceWrongVersion(runId, run.modelVersionId, versionId);
    if (!['completed', 'partial'].includes(run.status) || !run.report || !run.reportHash) throw gateErrors.evidenceNotFinished(runId, run.status);
    const finished = run.finishedAt ?? run.createdAt;
    const ageHours = (nowMs - finished) / HOUR_MS;
    if (ageHours > policy.maxEvidenceAgeHours) throw gateErrors.evidenceStale(runId, ageHours, policy.maxEvidenceAgeHours);
    return { run, report: JSON.parse(run.report) as ReportScope };
  }

  /**
   * fleet: every registered machine; validated-scope: the run's validated machines and the version's
   * training machines (a pilot keeps its model; the rules do not count them); assets: exactly those.
   */
  async scope(kind: ScopeKind, assetIds: string[] | undefined, evidence: Evidence | null): Promise<MachineEntity[]> {
    if (kind === 'fleet') {
      const all = await this.fleet.listMachines({});
      if (!all.length) throw gateErrors.emptyScope('the fleet has no machine');
      return all;
    }
    const wanted = kind === 'validated-scope' ? validatedWithTraining(evidence) : [...new Set(assetIds ?? [])];
    if (!wanted.length || (kind === 'validated-scope' && !evidence?.report.validatedScope?.assetIds?.length))
      throw gateErrors.emptyScope(kind === 'validated-scope' ? 'the evidence run validated no machine' : 'no asset id given');
    const machines = await this.fleet.listMachines({ assetIds: wanted });
    const found = new Set(machines.map((m) => m.assetId));
    const unknown = wanted.filter((a) => !found.has(a));
    if (unknown.length) throw gateErrors.unknownMachines(unknown);
    return machines;
  }

  /** The scope as the rules see it: each machine with its result in the evidence run, if any. */
  async scopeMachines(machines: MachineEntity[], evidence: Evidence): Promise<ScopeMachine[]> {
    const results = new Map<string, MachineResultSource>((await this.evaluations.machineResults(evidence.run.id)).map((r) => [r.machineId, r]));
    const bands = evidence.report.ageBands ?? evidence.run.selection.ageBands ?? [...THRESHOLDS.defaultAgeBands];
    const sources = machines.map((m) => ({
      machineId: m.id,
      assetId: m.assetId,
      site: m.site.name,
      machineModel: m.machineModel,
      ageBand: ageBand(ageInYears(m.commissionedAt, evidence.run.toMs), bands),
    }));
    return toScopeMachines(sources, results);
  }
}

/** The validated machines, then the training machines the run listed (verdict `training`). */
function validatedWithTraining(evidence: Evidence | null): string[] {
  const scope = evidence?.report.validatedScope;
  const training = (scope?.excluded ?? []).filter((e) => e.verdict === 'training').map((e) => e.assetId);
  return [...(scope?.assetIds ?? []), ...training];
}
