import { Injectable } from '@nestjs/common';
import { EvaluationReader } from '@fleetgate/evaluation';
import { FleetService } from '@fleetgate/fleet';
import { DEFAULT_POLICY_NAME, DEFAULT_VALUE_COSTS } from '../default-policy';
import { gateErrors } from '../gate.exception';
import { GatePolicyService } from '../policy/gate-policy.service';
import { ValueCosts } from '../policy.types';
import { PromotionEvidenceService } from '../promotion/promotion-evidence.service';
import { NetValue, netValue, netValueBySegment, SegmentNetValue } from './net-value.util';

/** A finished run's net value, priced with a policy's costs. */
export interface RunNetValue {
  runId: string;
  reportHash: string | null;
  costs: ValueCosts;
  /** The approved policy version whose costs priced it; null: it sets none, so the shipped placeholders did. */
  costsFrom: { name: string; version: number; sha256: string } | null;
  /** Every evaluated machine of the run. */
  fleet: NetValue;
  /** The run's validated scope (machines that generalize). */
  validatedScope: NetValue;
  /** Machine model, age band, site (over every evaluated machine). */
  segments: SegmentNetValue[];
}

/**
 * The net-value view of an evaluation run. An evaluation has no costs of its own (they are a
 * team's business figures, versioned with its gate policy), so the run is priced on read with the
 * newest approved version of a policy (`default` unless named); when that version sets no `value`
 * costs, with the shipped placeholders (`DEFAULT_VALUE_COSTS`), and `costsFrom` says so. The stored
 * report and its hash stay as they were.
 */
@Injectable()
export class NetValueService {
  constructor(
    private readonly evaluations: EvaluationReader,
    private readonly fleet: FleetService,
    private readonly policies: GatePolicyService,
    private readonly evidence: PromotionEvidenceService,
  ) {}

  async forRun(runId: string, policyName = DEFAULT_POLICY_NAME): Promise<RunNetValue> {
    const run = await this.evaluations.run(runId);
    if (!run) throw gateErrors.evidenceNotFound(runId);
    if (!['completed', 'partial'].includes(run.status) || !run.report) throw gateErrors.evidenceNotFinished(runId, run.status);
    const policy = await this.policies.latest(policyName);
    const costs = policy.definition.value ?? DEFAULT_VALUE_COSTS;
    const costsFrom = policy.definition.value ? { name: policy.name, version: policy.version, sha256: policy.sha256 } : null;
    const report = JSON.parse(run.report) as { validatedScope?: { assetIds?: string[] }; ageBands?: number[] };
    const results = await this.evaluations.machineResults(run.id);
    const machines = await this.fleet.listMachines({ assetIds: results.map((r) => r.assetId) });
    // A machine the version was trained on (verdict `training`) is no evidence of what it is worth elsewhere.
    const scope = (await this.evidence.scopeMachines(machines, { run, report })).filter((m) => m.evaluated && m.verdict !== 'training');
    const valued = scope.map((m) => ({ assetId: m.assetId, machineModel: m.machineModel, ageBand: m.ageBand, site: m.site, value: m.value ?? null }));
    const validated = new Set(report.validatedScope?.assetIds ?? []);
    const { all, segments } = netValueBySegment(valued, costs, `run:${run.id}`);
    return {
      runId: run.id,
      reportHash: run.reportHash,
      costs,
      costsFrom,
      fleet: all,
      validatedScope: netValue(
        valued.filter((m) => validated.has(m.assetId)),
        costs,
        `run:${run.id}:validated-scope`,
      ),
      segments,
    };
  }
}
