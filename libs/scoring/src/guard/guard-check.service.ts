import { Injectable, Logger } from '@nestjs/common';
import { DAY_MS, HOUR_MS, Series } from '@fleetgate/common';
import { EvaluatedVersion, EvaluationReader, ModelLoader, normalizationFindings } from '@fleetgate/evaluation';
import {
  alarmExclusions,
  alarmRateGuard,
  countableWindows,
  DeploymentEntity,
  DeploymentGuardService,
  envelopeFromFindings,
  envelopeGuard,
  firstBreach,
  GuardResult,
  GuardsDefinition,
  GuardWindow,
} from '@fleetgate/gate';
import { buildFeatureWindows, healthyWindowMask, PreparedSeries, signalsToRead, unhealthyRanges } from '@fleetgate/inference';
import { orientedAlarms } from '@fleetgate/stats';
import { TelemetryService } from '@fleetgate/telemetry';
import { parseAlarmRule } from '../rules/alarm-rule.util';
import { MachineScorer } from '../score/machine-scorer.service';
import { GuardRepository } from './guard.repository';

/** A machine whose newest sample is this far behind the fleet's newest has no usable data: its scoring is suspended (never a demotion). */
export const SILENCE_MS = 6 * HOUR_MS;

/** What the evidence run said of the machine: its healthy alarm rate and its verdict. */
interface MachineEvidence {
  healthyAlarmRate: number | null;
  verdict: string | null;
}

/** The trailing data one check reads, shared by the deployment and its fallback ("on the same data"). */
interface TrailingData {
  fromMs: number;
  toMs: number;
  stored: Record<string, Series>;
  events: Array<{ ts: number; kind: 'failure' | 'maintenance' }>;
  excluded: Array<[number, number]>;
}

/**
 * After each machine's scoring: silence (suspend scoring while the machine sends nothing usable,
 * resume when data return) and the guards of each serving production deployment (see the gate
 * README, "Guards"). A deployment with an open alarm, or with windows beyond its threshold among
 * its alarm rule's last n, is not checked: the model is reacting, and a machine that starts to fail
 * must raise its alarm, not be demoted for it. A breach demotes; the version it replaced serves
 * instead when its own guards hold on the same data.
 */
@Injectable()
export class GuardCheckService {
  private readonly logger = new Logger(GuardCheckService.name);
  private readonly evidence = new Map<string, Map<string, MachineEvidence>>();

  constructor(
    private readonly repo: GuardRepository,
    private readonly deployments: DeploymentGuardService,
    private readonly models: ModelLoader,
    private readonly telemetry: TelemetryService,
    private readonly runs: EvaluationReader,
    private readonly scorer: MachineScorer,
  ) {}

  /**
   * Before a round: a machine whose newest sample is more than `SILENCE_MS` behind the fleet's
   * newest has its serving deployments' scoring suspended (audited) — unless one has an open alarm,
   * which stays visible; a silence-suspended deployment whose machine sends usable data again is
   * resumed (audited) and takes this round's job. Silence is never a breach. Only deployments that
   * carry guards (their policy has a `guards` section) are suspended for silence.
   */
  async silenceRound(): Promise<{ suspended: number; resumed: number }> {
    const ends = await this.telemetry.latestEndByMachine();
    const clock = ends.size ? Math.max(...ends.values()) : null;
    if (clock === null) return { suspended: 0, resumed: 0 };
    let suspended = 0;
    let resumed = 0;
    for (const d of await this.scorer.productionOf()) {
      const end = ends.get(d.machineId);
      const silent = end === undefined || clock - end > SILENCE_MS;
      if (!silent && d.suspensionKind === 'silence' && (await this.deployments.resumeAfterSilence(d, end))) resumed++;
      // Silence is part of the guards: deployments approved under a policy without guards keep the plain no-data state.
      if (!silent || d.suspendedAt !== null || !(await this.deployments.guardsOf(d))) continue;
      if ((await this.repo.alarms(d.id, clock)).some((a) => a.closedAtMs === null && !a.suppressed)) continue;
      const behind = end === undefined ? 'no telemetry stored' : `newest sample ${Math.round((clock - end) / HOUR_MS)} h behind the fleet's newest`;
      if (await this.deployments.suspendForSilence(d, `no usable data: ${behind}; scoring resumes when data return`, Date.now())) suspended++;
    }
    if (suspended || resumed) this.logger.log({ msg: 'silence', suspended, resumed });
    return { suspended, resumed };
  }

  /** After a machine's scoring: the guards of each serving deployment. Returns the deployments it demoted. */
  async check(machineId: string, dataEndMs: number): Promise<string[]> {
    const demoted: string[] = [];
    for (const d of await this.scorer.productionOf(machineId)) {
      if (d.suspendedAt !== null) continue;
      const guards = await this.deployments.guardsOf(d);
      if (!guards) continue;
      // A guard never closes or hides an open alarm: a machine that starts to fail raises its alarm, it is not demoted for it.
      if ((await this.repo.alarms(d.id, dataEndMs)).some((a) => a.closedAtMs === null && !a.suppressed)) continue;
      const breach = await this.breachOf(d, guards, dataEndMs);
      if (!breach) continue;
      const fallback = await this.fallbackFor(d, guards, breach.data);
      if (await this.deployments.demote(d, breach.result, fallback, Date.now())) {
        this.logger.warn({
          msg: 'deployment demoted by a guard',
          machineId,
          deploymentId: d.id,
          rule: breach.result.rule,
          value: breach.result.value,
          limit: breach.result.limit,
        });
        demoted.push(d.id);
      }
    }
    return demoted;
  }

  private async breachOf(d: DeploymentEntity, guards: GuardsDefinition, dataEndMs: number): Promise<{ result: GuardResult; data: TrailingData } | null> {
    const v = await this.models.version(d.modelVersionId);
    const days = guards.envelope?.trailingDays ?? 7;
    let fromMs = dataEndMs - days * DAY_MS;
    const run = await this.runs.run(d.evidenceRunId);
    if (run) fromMs = Math.max(fromMs, run.toMs);
    if (d.reinstatedAt !== null) {
      const first = await this.repo.firstScoredAfter(d.machineId, v.id, d.reinstatedAt);
      if (first === null) return null;
      fromMs = Math.max(fromMs, first - v.recipe.windowMs);
    }
    if (fromMs >= dataEndMs) return null;
    const scores = await this.repo.scores(d.machineId, v.id, fromMs + v.recipe.windowMs, dataEndMs);
    const rule = parseAlarmRule(d.alarmRule);
    if (scores.slice(-rule.n).some((s) => s.beyond)) return null;
    const alarms = await this.repo.alarms(d.id, fromMs);
    const excludedAlarms = alarmExclusions(alarms, v.horizonMs);
    const data = await this.read(v, d.machineId, fromMs, dataEndMs, excludedAlarms);
    const results: GuardResult[] = [];
    if (guards.envelope) results.push(await this.heldEnvelope(v, d, data));
    if (guards.alarmRate) {
      const windows: GuardWindow[] = scores.map((s) => ({ endMs: s.windowEndMs, beyond: s.beyond, healthy: s.healthy }));
      results.push(alarmRateGuard(countableWindows(windows, excludedAlarms), await this.evaluatedRate(d), guards.alarmRate));
    }
    const breach = firstBreach(results);
    return breach ? { result: breach, data } : null;
  }

  private async read(v: EvaluatedVersion, machineId: string, fromMs: number, toMs: number, excludedAlarms: Array<[number, number]>): Promise<TrailingData> {
    const [stored, labels] = await Promise.all([
      this.telemetry.readMachine(machineId, signalsToRead(v.recipe.signals, v.normalization), fromMs, toMs),
      this.telemetry.labelEvents(machineId, fromMs - v.horizonMs, toMs + v.horizonMs),
    ]);
    const events = labels.map((e) => ({ ts: e.ts, kind: e.kind }));
    return { fromMs, toMs, stored, events, excluded: [...unhealthyRanges(events, v.horizonMs), ...excludedAlarms] };
  }

  /**
   * A machine the evidence already found out of domain was approved outside the envelope (a waiver
   * or a named selection): there is no envelope it was approved inside, so this guard does not hold
   * it (the alarm-rate guard still does).
   */
  private async heldEnvelope(v: EvaluatedVersion, d: DeploymentEntity, data: TrailingData): Promise<GuardResult> {
    if ((await this.evidenceOf(d)).verdict === 'out-of-domain')
      return { rule: 'envelope', status: 'insufficient', value: null, limit: null, detail: 'approved while out of domain: no envelope to hold it to' };
    return this.envelope(v, d, data);
  }

  /** The evaluation's domain check for the version's normalization, on the trailing data. */
  private envelope(v: EvaluatedVersion, d: DeploymentEntity, data: TrailingData): GuardResult {
    const pilot = v.reference;
    if (!pilot) return { rule: 'envelope', status: 'insufficient', value: null, limit: null, detail: 'the version has no reference profile' };
    const n = v.normalization;
    if (n.method === 'none') return envelopeGuard(v.recipe.signals, data.stored, data.excluded, pilot.signals, d.id);
    if (n.method === 'per-machine-baseline') {
      const prepared = this.scorer.prepare(v, d, data.stored, data.events, data.fromMs, data.toMs);
      if ('refusal' in prepared) return { rule: 'envelope', status: 'insufficient', value: null, limit: null, detail: prepared.refusal };
      const p: PreparedSeries = { series: prepared.series, calibrationEndMs: prepared.calibrationEndMs };
      return envelopeFromFindings(normalizationFindings('per-machine-baseline', p, v.recipe.signals, pilot.relations, data.excluded));
    }
    // per-regime: the evaluation normalises the pilot's profile per regime too; not recomputed here yet.
    return { rule: 'envelope', status: 'insufficient', value: null, limit: null, detail: 'the envelope guard does not check per-regime versions yet' };
  }

  /**
   * The version the deployment replaced, when its guards (the same guards) hold on the same data:
   * its envelope holds, and its alarm rate — scored now on the trailing windows with its own pins —
   * does not breach against its own evaluated rate.
   */
  private async fallbackFor(d: DeploymentEntity, guards: GuardsDefinition, data: TrailingData): Promise<DeploymentEntity | null> {
    const p = await this.deployments.previousOf(d);
    if (!p) return null;
    try {
      const v = await this.models.version(p.modelVersionId);
      const own = await this.read(v, p.machineId, data.fromMs, data.toMs, data.excluded);
      const envelope = await this.heldEnvelope(v, p, own);
      if (envelope.status !== 'hold') return null;
      if (guards.alarmRate) {
        const prepared = this.scorer.prepare(v, p, own.stored, own.events, own.fromMs, own.toMs);
        if ('refusal' in prepared) return null;
        const w = buildFeatureWindows(v.recipe, prepared.series);
        const scores = await this.models.score(v, w.features, w.rows, w.cols);
        const { alarms } = orientedAlarms(scores, v.output.higherIsWorse, p.threshold ?? v.output.threshold);
        const healthy = healthyWindowMask(w.windowEndMs, v.recipe.windowMs, own.events, v.horizonMs);
        const windows: GuardWindow[] = Array.from({ length: w.rows }, (_, i) => ({
          endMs: w.windowEndMs[i],
          beyond: alarms[i] === 1,
          healthy: healthy[i] === 1,
        }));
        const rate = alarmRateGuard(countableWindows(windows, own.excluded), await this.evaluatedRate(p), guards.alarmRate);
        if (rate.status === 'breach') return null;
      }
      return p;
    } catch (error) {
      this.logger.warn({ msg: 'fallback not checked', deploymentId: d.id, error: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  /** The machine's healthy alarm rate in the deployment's evidence run (the stored assessment). */
  private async evaluatedRate(d: DeploymentEntity): Promise<number | null> {
    return (await this.evidenceOf(d)).healthyAlarmRate;
  }

  private async evidenceOf(d: DeploymentEntity): Promise<MachineEvidence> {
    let byMachine = this.evidence.get(d.evidenceRunId);
    if (!byMachine) {
      byMachine = new Map(
        (await this.runs.machineResults(d.evidenceRunId)).map((r) => [
          r.machineId,
          { healthyAlarmRate: r.assessment?.output.healthyAlarmRate ?? null, verdict: r.verdict },
        ]),
      );
      if (this.evidence.size > 50) this.evidence.clear();
      this.evidence.set(d.evidenceRunId, byMachine);
    }
    return byMachine.get(d.machineId) ?? { healthyAlarmRate: null, verdict: null };
  }
}
