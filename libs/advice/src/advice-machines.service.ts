import { Injectable } from '@nestjs/common';
import { ageBand, EvaluationReader, EvaluationRunEntity, THRESHOLDS } from '@fleetgate/evaluation';
import { ageInYears, FleetService } from '@fleetgate/fleet';
import { AdviceMachine } from './advice-summary.util';

/** Reads an evaluation run's machines as the advice sees them: verdict, segment and the counts it pools. */
@Injectable()
export class AdviceMachines {
  constructor(
    private readonly evaluations: EvaluationReader,
    private readonly fleet: FleetService,
  ) {}

  /** Segments are those of `segmentsOf` (the source run: its age bands and its end, so every remedy is segmented alike). */
  async of(runId: string, segmentsOf: EvaluationRunEntity): Promise<AdviceMachine[]> {
    const results = await this.evaluations.machineResults(runId);
    const machines = new Map((await this.fleet.listMachines({ assetIds: results.map((r) => r.assetId) })).map((m) => [m.assetId, m]));
    const report = segmentsOf.report ? (JSON.parse(segmentsOf.report) as { ageBands?: number[] }) : {};
    const bands = report.ageBands ?? segmentsOf.selection.ageBands ?? [...THRESHOLDS.defaultAgeBands];
    return results.map((r) => {
      const m = machines.get(r.assetId);
      const a = r.assessment;
      const healthyWindows = a?.coverage.healthyWindows ?? 0;
      return {
        assetId: r.assetId,
        machineModel: m?.machineModel ?? 'unknown',
        ageBand: m ? ageBand(ageInYears(m.commissionedAt, segmentsOf.toMs), bands) : 'unknown',
        site: m?.site.name ?? 'unknown',
        verdict: r.status === 'done' ? r.verdict : null,
        failures: a?.performance?.failures ?? 0,
        detected: a?.performance?.detected ?? 0,
        healthyWindows,
        healthyAlarms: Number.isFinite(a?.output.healthyAlarmRate) ? Math.round(a!.output.healthyAlarmRate * healthyWindows) : 0,
        value: a?.value ?? null,
      };
    });
  }
}
