import { Injectable, Logger } from '@nestjs/common';
import { authErrors } from '@fleetgate/auth';
import { Actor, siteScope } from '@fleetgate/common';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { TelemetryService } from '@fleetgate/telemetry';
import { ALARM_OUTCOMES, AlarmOutcome, livePrecision, LivePrecision } from '../rules/precision.util';
import { iso } from '../query.util';
import { scoringErrors } from '../scoring.exception';
import { ScoringRoundService } from '../score/scoring-round.service';
import { ScoringRepository } from '../score/scoring.repository';
import { AlarmEntity, AlarmStatus } from './alarm.entity';
import { AlarmRepository } from './alarm.repository';

export interface AlarmView {
  id: string;
  assetId: string;
  site: string;
  line: string | null;
  model: string;
  version: number;
  deploymentId: string;
  status: AlarmStatus;
  suppressed: boolean;
  maintenanceWindowId: string | null;
  openedAt: string;
  score: number;
  threshold: number;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  note: string | null;
  outcome: AlarmOutcome | null;
  closedAt: string | null;
  closedReason: string | null;
  /** The first failure or maintenance within the model's horizon after the alarm opened. */
  followedBy: { kind: string; at: string; component: string | null } | null;
}

export interface DeploymentPrecision extends LivePrecision {
  deploymentId: string;
  assetId: string;
  model: string;
  version: number;
}

export interface AlarmListQuery {
  site?: string;
  assetId?: string;
  status?: AlarmStatus;
  suppressed?: boolean;
  fromMs?: number;
  toMs?: number;
  limit?: number;
}

export interface AcknowledgeInput {
  outcome?: string;
  note?: string;
  close?: boolean;
}

/** Alarms as the plant sees them (site-scoped), their acknowledgement and each deployment's live precision. */
@Injectable()
export class AlarmService {
  private readonly logger = new Logger(AlarmService.name);

  constructor(
    private readonly alarms: AlarmRepository,
    private readonly scoring: ScoringRepository,
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
    private readonly rounds: ScoringRoundService,
  ) {}

  async list(actor: Actor, q: AlarmListQuery): Promise<{ alarms: AlarmView[]; precision: DeploymentPrecision[] }> {
    const scope = siteScope(actor);
    if (q.site && scope && !scope.includes(q.site)) throw authErrors.wrongSite(q.site);
    const machines = q.assetId ? [await this.fleet.getMachine(q.assetId, actor)] : await this.fleet.listMachines(q.site ? { sites: [q.site] } : {}, actor);
    const byId = new Map(machines.map((m) => [m.id, m]));
    const unlimited = !q.assetId && !q.site && scope === null;
    const rows = await this.alarms.list(unlimited ? null : machines.map((m) => m.id), {
      status: q.status,
      suppressed: q.suppressed,
      fromMs: q.fromMs,
      toMs: q.toMs,
      limit: q.limit ?? 200,
    });
    const visible = rows.filter((a) => byId.has(a.machineId));
    const labels = new Map((await this.scoring.versionLabels([...new Set(visible.map((a) => a.modelVersionId))])).map((v) => [v.id, v]));
    const views = await Promise.all(visible.map((a) => this.view(a, byId.get(a.machineId)!, labels)));
    const deployments = [...new Map(visible.map((a) => [a.deploymentId, a])).values()];
    const outcomes = await this.alarms.outcomes(deployments.map((a) => a.deploymentId));
    const precision = deployments.map((a) => {
      const v = labels.get(a.modelVersionId);
      return {
        deploymentId: a.deploymentId,
        assetId: byId.get(a.machineId)!.assetId,
        model: v?.model ?? '',
        version: v?.version ?? 0,
        ...livePrecision(outcomes.filter((o) => o.deploymentId === a.deploymentId).map((o) => o.outcome)),
      };
    });
    return { alarms: views, precision };
  }

  /** Acknowledge (by whom, a note, an outcome) and optionally close; plant managers only for their sites' machines. */
  async acknowledge(actor: Actor, id: string, input: AcknowledgeInput): Promise<AlarmView> {
    if (input.outcome !== undefined && !ALARM_OUTCOMES.includes(input.outcome as AlarmOutcome)) {
      throw scoringErrors.invalid('outcome', `must be one of ${ALARM_OUTCOMES.join(', ')}`);
    }
    const alarm = await this.alarms.find(id);
    if (!alarm) throw scoringErrors.alarmNotFound(id);
    const machine = await this.fleet.getMachine(alarm.machineId, actor).catch(() => {
      throw scoringErrors.alarmNotFound(id);
    });
    const now = Date.now();
    await this.alarms.acknowledge(id, {
      acknowledgedBy: actor.name,
      acknowledgedAt: now,
      note: input.note ?? alarm.note,
      outcome: (input.outcome as AlarmOutcome | undefined) ?? alarm.outcome ?? 'unknown',
      close: input.close === true,
    });
    const updated = (await this.alarms.find(id))!;
    // A closed alarm judged false is evidence the machine's alarm-rate guard counts: check it now.
    // The judgement is stored either way; without the queue the next round with new data checks it.
    if (updated.outcome === 'false-alarm' && updated.closedAtMs !== null) {
      await this.rounds.enqueueGuardCheck(updated.machineId, `false-alarm:${id}`).catch((error: unknown) => {
        this.logger.warn({ msg: 'guard check not enqueued', alarmId: id, error: error instanceof Error ? error.message : String(error) });
      });
    }
    const labels = new Map((await this.scoring.versionLabels([updated.modelVersionId])).map((v) => [v.id, v]));
    const view = await this.view(updated, machine, labels);
    await this.scoring.publish([{ type: 'alarm-acknowledged', site: machine.site.name, machineId: machine.id, payload: { ...view } }]);
    return view;
  }

  private async view(a: AlarmEntity, m: MachineEntity, labels: Map<string, { model: string; version: number }>): Promise<AlarmView> {
    // The first failure or maintenance while it was open, or within the model's horizon after it closed (or opened).
    const linkEnd = Math.max(a.openedAtMs, a.closedAtMs ?? (a.status === 'closed' ? a.openedAtMs : Date.now())) + a.linkHorizonMs;
    const [next] = await this.telemetry.labelEvents(m.id, a.openedAtMs, linkEnd);
    const v = labels.get(a.modelVersionId);
    return {
      id: a.id,
      assetId: m.assetId,
      site: m.site.name,
      line: m.line?.name ?? null,
      model: v?.model ?? '',
      version: v?.version ?? 0,
      deploymentId: a.deploymentId,
      status: a.status,
      suppressed: a.suppressed,
      maintenanceWindowId: a.maintenanceWindowId,
      openedAt: iso(a.openedAtMs)!,
      score: a.openedScore,
      threshold: a.threshold,
      acknowledgedBy: a.acknowledgedBy,
      acknowledgedAt: iso(a.acknowledgedAt),
      note: a.note,
      outcome: a.outcome,
      closedAt: iso(a.closedAtMs),
      closedReason: a.closedReason,
      followedBy: next ? { kind: next.kind, at: iso(next.ts)!, component: next.component || null } : null,
    };
  }
}
