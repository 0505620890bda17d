import { Inject, Injectable, Logger } from '@nestjs/common';
import { HOUR_MS, DAY_MS, Series } from '@fleetgate/common';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { EvaluatedVersion, EvaluationReader, hourlyRefusal, hourlyWindows, ModelLoader } from '@fleetgate/evaluation';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { decodePinnedBaseline, DeploymentEntity } from '@fleetgate/gate';
import {
  applyBaseline,
  buildFeatureWindows,
  FeatureWindows,
  healthyWindowMask,
  prepareMachineSeries,
  SeriesBySignal,
  signalsToRead,
} from '@fleetgate/inference';
import { orientedAlarms } from '@fleetgate/stats';
import { QualityService, TelemetryService } from '@fleetgate/telemetry';
import { AlarmEntity } from '../alarm/alarm.entity';
import { GuardRepository } from '../guard/guard.repository';
import { MachineHealthEntity } from '../health/machine-health.entity';
import { parseAlarmRule, ruleMemory, runAlarmRule } from '../rules/alarm-rule.util';
import { decideState, HealthState, scoredState, worseState } from '../rules/health-state.util';
import { coveringMaintenance } from '../rules/maintenance.util';
import { MachineScoreEntity } from './machine-score.entity';
import { OutboxEvent, ScoringRepository, ScoringWrite } from './scoring.repository';

/**
 * A deployment's first scoring starts where its evidence run's period ended (the data after the
 * evidence are production), but at most `FIRST_SCORING_MAX_SPAN_MS` before the newest sample;
 * without a readable evidence run, `FIRST_SCORING_SPAN_MS` before it.
 */
export const FIRST_SCORING_SPAN_MS = DAY_MS;
export const FIRST_SCORING_MAX_SPAN_MS = 30 * DAY_MS;

/** What scoring one deployment of a machine decided. */
interface DeploymentOutcome {
  deployment: DeploymentEntity;
  state: HealthState;
  reason: string | null;
  score: number | null;
  threshold: number | null;
  higherIsWorse: boolean | null;
  windowEndMs: number | null;
}

/**
 * The `score-machine` job: the machine's new windows under each of its production deployments,
 * with the evaluation's code path (signalsToRead, the pinned baseline or the version's regimes,
 * buildFeatureWindows, batched ONNX, orientedAlarms at the pinned threshold), then the alarm rule,
 * the machine's health and the stream events — one transaction, so a retried job adds nothing.
 */
@Injectable()
export class MachineScorer {
  private readonly logger = new Logger(MachineScorer.name);

  constructor(
    private readonly repo: ScoringRepository,
    private readonly models: ModelLoader,
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
    private readonly quality: QualityService,
    private readonly runs: EvaluationReader,
    private readonly guardRepo: GuardRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async score(machineId: string, dataEndMs: number, dataClockMs: number): Promise<{ scored: number; state: HealthState }> {
    const machine = await this.fleet.getMachine(machineId);
    const deployments = await this.repo.activeProduction(machineId);
    const write: ScoringWrite = { scores: [], newAlarms: [], closeAlarms: [], health: null, events: [] };
    const outcomes: DeploymentOutcome[] = [];
    for (const d of deployments) {
      // Demoted by a guard with a fallback: the version it replaced serves, with its own pins; health says why.
      const fallback = d.suspensionKind === 'guard' && d.fallbackDeploymentId ? await this.guardRepo.deployment(d.fallbackDeploymentId) : null;
      if (fallback) {
        const o = await this.scoreDeployment(machine, fallback, dataEndMs, dataClockMs, write);
        outcomes.push({ ...o, reason: [d.suspendedReason, o.reason].filter(Boolean).join('; ') });
        continue;
      }
      if (d.suspendedAt !== null) {
        outcomes.push({
          deployment: d,
          state: 'suspended',
          reason: d.suspendedReason,
          score: null,
          threshold: d.threshold,
          higherIsWorse: null,
          windowEndMs: null,
        });
        continue;
      }
      outcomes.push(await this.scoreDeployment(machine, d, dataEndMs, dataClockMs, write));
    }
    const worst = outcomes.reduce<DeploymentOutcome | null>((w, o) => (w === null || worseState(o.state, w.state) === o.state ? o : w), null);
    const state: HealthState = worst?.state ?? 'not-covered';
    const previous = await this.repo.health(machine.id);
    const grade = worst && worst.windowEndMs !== null ? await this.grade(machine, dataEndMs) : (previous?.qualityGrade ?? null);
    write.health = Object.assign(new MachineHealthEntity(), {
      machineId: machine.id,
      state,
      reason: worst?.reason ?? (worst ? null : 'no production deployment serves this machine'),
      deploymentId: worst?.deployment.id ?? null,
      modelVersionId: worst?.deployment.modelVersionId ?? null,
      score: worst?.score ?? previous?.score ?? null,
      threshold: worst?.threshold ?? null,
      higherIsWorse: worst?.higherIsWorse ?? previous?.higherIsWorse ?? null,
      windowEndMs: worst?.windowEndMs ?? previous?.windowEndMs ?? null,
      lastDataMs: dataEndMs,
      qualityGrade: grade,
      updatedAt: Date.now(),
    });
    if (previous?.state !== state) {
      write.events.push(healthEvent(machine, previous?.state ?? null, state, write.health));
    }
    await this.repo.write(write);
    return { scored: write.scores.length, state };
  }

  private async scoreDeployment(
    machine: MachineEntity,
    d: DeploymentEntity,
    dataEndMs: number,
    dataClockMs: number,
    write: ScoringWrite,
  ): Promise<DeploymentOutcome> {
    const v = await this.models.version(d.modelVersionId);
    const threshold = d.threshold ?? v.output.threshold;
    const base = { deployment: d, threshold, higherIsWorse: v.output.higherIsWorse };
    const rule = parseAlarmRule(d.alarmRule);
    const { windowMs, stepMs } = v.recipe;
    const [last] = await this.repo.recentScores(machine.id, v.id, 1);
    const lastEnd = last?.windowEndMs ?? null;
    // Never more than needed: one window before the first new window end, up to the newest data.
    const fromMs = lastEnd !== null ? lastEnd - windowMs : await this.firstFrom(d, dataEndMs, windowMs, stepMs);
    const noData = decideState({ covered: true, suspendedReason: null, lastDataMs: dataEndMs, dataClockMs, scored: 'ok' });
    const history = (await this.repo.recentScores(machine.id, v.id, ruleMemory(rule))).reverse();
    const scoredSoFar = () => {
      const beyond = history.slice(-rule.n).filter((s) => s.beyond).length;
      return { score: last?.score ?? null, windowEndMs: lastEnd, beyond };
    };
    // Data that stopped (a failed machine, a dead gateway) are still scored up to their end; the state then says no-data.
    const behind = noData.state === 'no-data' ? noData : null;
    if (dataEndMs - fromMs < windowMs + (lastEnd !== null ? stepMs : 0)) {
      const open = await this.repo.openAlarm(d.id);
      const s = scoredSoFar();
      const decided =
        behind ??
        (lastEnd === null
          ? { state: 'no-data' as const, reason: 'not scored yet' }
          : { state: scoredState(!!open && !open.suppressed, s.beyond), reason: null });
      return { ...base, ...decided, score: s.score, windowEndMs: s.windowEndMs };
    }
    // Read beside the telemetry (the samples' preparation waits for them, the rollups' does not).
    const labels = this.telemetry
      .labelEvents(machine.id, fromMs - v.horizonMs, dataEndMs + v.horizonMs)
      .then((ls) => ls.map((e) => ({ ts: e.ts, kind: e.kind })));
    const [read, events] = await Promise.all([this.readWindows(machine.id, v, d, labels, fromMs, dataEndMs), labels]);
    if ('missing' in read)
      return { ...base, state: 'no-data', reason: `no data for ${read.missing.join(', ')}`, score: last?.score ?? null, windowEndMs: lastEnd };
    if ('refusal' in read) return { ...base, state: 'suspended', reason: read.refusal, score: null, windowEndMs: lastEnd };
    const { windows, calibrationEndMs } = read;
    const scores = await this.models.score(v, windows.features, windows.rows, windows.cols);
    const { alarms: beyond } = orientedAlarms(scores, v.output.higherIsWorse, threshold);
    const healthy = healthyWindowMask(windows.windowEndMs, windowMs, events, v.horizonMs);
    const now = Date.now();
    const fresh: number[] = [];
    for (let w = 0; w < windows.rows; w++) {
      const end = windows.windowEndMs[w];
      if ((lastEnd === null || end > lastEnd) && end - windowMs >= calibrationEndMs && end <= dataEndMs) fresh.push(w);
    }
    for (const w of fresh) {
      write.scores.push(
        Object.assign(new MachineScoreEntity(), {
          machineId: machine.id,
          modelVersionId: v.id,
          windowEndMs: windows.windowEndMs[w],
          deploymentId: d.id,
          score: scores[w],
          threshold,
          beyond: beyond[w] === 1,
          healthy: healthy[w] === 1,
          scoredAt: now,
        }),
      );
    }
    const open = await this.repo.openAlarm(d.id);
    const spans =
      fresh.length > 0
        ? (await this.repo.maintenanceFor(machine.id, machine.lineId, windows.windowEndMs[fresh[0]], windows.windowEndMs[fresh[fresh.length - 1]])).map(
            (m) => ({
              id: m.id,
              machineId: m.machineId,
              lineId: m.lineId,
              fromMs: m.fromMs,
              toMs: m.toMs,
            }),
          )
        : [];
    const inMaintenance = (ms: number) => coveringMaintenance(spans, machine.id, machine.lineId, ms) !== undefined;
    const result = runAlarmRule(
      rule,
      history.map((s) => s.beyond),
      fresh.map((w) => ({ endMs: windows.windowEndMs[w], beyond: beyond[w] === 1 })),
      open ? { suppressed: open.suppressed } : null,
      inMaintenance,
    );
    let current: AlarmEntity | null = open;
    for (const t of result.transitions) {
      if (t.kind === 'clear') {
        if (!current) continue;
        const reason = t.reason === 'below' ? `${rule.m} windows in a row below the threshold` : 'still beyond the threshold after the maintenance window';
        if (write.newAlarms.includes(current)) Object.assign(current, { status: 'closed', closedAtMs: t.atMs, closedReason: reason });
        else write.closeAlarms.push({ id: current.id, closedAtMs: t.atMs, reason });
        write.events.push(alarmEvent('alarm-cleared', machine, current, v, { closedAtMs: t.atMs, reason }));
        current = null;
      } else {
        const w = fresh[t.index];
        current = Object.assign(new AlarmEntity(), {
          id: this.repo.newAlarmId(),
          machineId: machine.id,
          deploymentId: d.id,
          modelVersionId: v.id,
          status: 'open',
          suppressed: t.suppressed,
          maintenanceWindowId: t.suppressed ? (coveringMaintenance(spans, machine.id, machine.lineId, t.atMs)?.id ?? null) : null,
          openedAtMs: t.atMs,
          openedScore: scores[w],
          threshold,
          linkHorizonMs: Math.max(v.horizonMs, HOUR_MS),
          acknowledgedBy: null,
          acknowledgedAt: null,
          note: null,
          outcome: null,
          closedAtMs: null,
          closedReason: null,
          createdAt: now,
        });
        write.newAlarms.push(current);
        write.events.push(alarmEvent(t.suppressed ? 'alarm-suppressed' : 'alarm-raised', machine, current, v, {}));
      }
    }
    const recent = [...history.map((s) => s.beyond), ...fresh.map((w) => beyond[w] === 1)].slice(-rule.n).filter(Boolean).length;
    const lastW = fresh.length ? fresh[fresh.length - 1] : -1;
    const alarmOpen = !!result.open && !result.open.suppressed;
    if (lastW < 0 && lastEnd === null) return { ...base, state: 'no-data', reason: 'no complete window yet', score: null, windowEndMs: null };
    this.logger.debug({ msg: 'machine scored', machineId: machine.id, windows: fresh.length, alarmOpen });
    return {
      ...base,
      ...(behind ?? {
        state: scoredState(alarmOpen, recent),
        reason: recent > 0 && !alarmOpen ? `${recent} of the last ${rule.n} windows beyond the threshold` : null,
      }),
      score: lastW >= 0 ? scores[lastW] : (last?.score ?? null),
      windowEndMs: lastW >= 0 ? windows.windowEndMs[lastW] : lastEnd,
    };
  }

  /**
   * The deployment's windows over [fromMs, dataEndMs), as the evaluation builds them: from the
   * stored hourly rollups where they give the same windows (`hourlyRefusal`: an un-normalised
   * version, whole-hour window and step, a period starting on the hour, series on the hour's
   * grid) — read up to the last whole hour, since no window on that grid ends between it and
   * dataEndMs — and from the samples, prepared with the deployment's pins, otherwise.
   * FLEETGATE_EVALUATION_READS=samples reads samples here too.
   */
  private async readWindows(
    machineId: string,
    v: EvaluatedVersion,
    d: DeploymentEntity,
    labels: Promise<Array<{ ts: number; kind: 'failure' | 'maintenance' }>>,
    fromMs: number,
    dataEndMs: number,
  ): Promise<{ windows: FeatureWindows; calibrationEndMs: number } | { missing: string[] } | { refusal: string }> {
    const toRead = signalsToRead(v.recipe.signals, v.normalization);
    const info = await this.telemetry.seriesInfo(machineId);
    const hourEndMs = Math.floor(dataEndMs / HOUR_MS) * HOUR_MS;
    const byHour =
      this.config.evaluationReads === 'rollups' &&
      hourEndMs > fromMs &&
      hourlyRefusal(
        v.recipe,
        v.normalization.method,
        fromMs,
        hourEndMs,
        info.filter((s) => toRead.includes(s.signal)),
      ) === null;
    if (byHour) {
      const { series } = await this.telemetry.readHourly(machineId, toRead, fromMs, hourEndMs, { seriesInfo: info });
      const missing = toRead.filter((s) => !series[s]);
      return missing.length ? { missing } : { windows: hourlyWindows(v.recipe, series), calibrationEndMs: -Infinity };
    }
    const stored = await this.telemetry.readMachine(machineId, toRead, fromMs, dataEndMs, { seriesInfo: info });
    const missing = toRead.filter((s) => !stored[s]);
    if (missing.length) return { missing };
    const prepared = this.prepare(v, d, stored, await labels, fromMs, dataEndMs);
    if ('refusal' in prepared) return prepared;
    return { windows: buildFeatureWindows(v.recipe, prepared.series), calibrationEndMs: prepared.calibrationEndMs };
  }

  /** Where a deployment's first scoring reads from: one window before the end of its evidence, on the step grid. */
  private async firstFrom(d: DeploymentEntity, dataEndMs: number, windowMs: number, stepMs: number): Promise<number> {
    const run = await this.runs.run(d.evidenceRunId);
    const firstEnd = run ? Math.max(run.toMs, dataEndMs - FIRST_SCORING_MAX_SPAN_MS) : dataEndMs - FIRST_SCORING_SPAN_MS;
    return Math.floor((firstEnd - windowMs) / stepMs) * stepMs;
  }

  /** The machine's (or, without an id, every machine's) active production rows: serving, suspended or demoted. */
  productionOf(machineId?: string): Promise<DeploymentEntity[]> {
    return this.repo.activeProduction(machineId);
  }

  /**
   * The evaluation's preparation, with the deployment's pins: the pinned baseline (never a new
   * one) for per-machine-baseline versions, the version's regimes for per-regime, raw for none.
   * Guards prepare their trailing data the same way.
   */
  prepare(
    v: EvaluatedVersion,
    d: DeploymentEntity,
    stored: Record<string, Series>,
    events: Array<{ ts: number; kind: 'failure' | 'maintenance' }>,
    fromMs: number,
    toMs: number,
  ): { series: SeriesBySignal; calibrationEndMs: number } | { refusal: string } {
    const n = v.normalization;
    if (n.method === 'none') return { series: stored, calibrationEndMs: -Infinity };
    if (n.method === 'per-regime') {
      const p = prepareMachineSeries(n, { signals: v.recipe.signals, series: stored, events, horizonMs: v.horizonMs, dataFromMs: fromMs, dataToMs: toMs });
      return p.refusal ? { refusal: p.refusal } : { series: p.series, calibrationEndMs: -Infinity };
    }
    const pin = decodePinnedBaseline(d.baseline);
    if (!pin || pin.signals.length === 0 || pin.valid === false)
      return { refusal: 'the deployment pins no valid baseline for this machine: re-evaluate and promote again' };
    const levels = (list: typeof pin.signals) => list.map((s) => ({ signal: s.signal, level: s.level ?? NaN, spread: s.spread ?? NaN, hours: s.hours ?? 0 }));
    if (n.regimes && !pin.regimeLevels) return { refusal: 'the deployment pins no per-regime baseline for this machine: re-evaluate and promote again' };
    // The evaluation's arithmetic on the pinned numbers (per regime when the version has regimes).
    const baseline = { signals: levels(pin.signals), ...(pin.regimeLevels ? { regimeLevels: pin.regimeLevels.map(levels) } : {}) };
    return { series: applyBaseline(n, stored, baseline), calibrationEndMs: pin.calibrationEndMs ?? -Infinity };
  }

  private async grade(machine: MachineEntity, dataEndMs: number): Promise<string | null> {
    try {
      return (await this.quality.quality(machine, dataEndMs - DAY_MS, dataEndMs)).grade;
    } catch (error) {
      this.logger.warn({ msg: 'quality grade failed', machineId: machine.id, error: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }
}

function healthEvent(machine: MachineEntity, from: HealthState | null, to: HealthState, h: MachineHealthEntity): OutboxEvent {
  return {
    type: 'health-changed',
    site: machine.site.name,
    machineId: machine.id,
    payload: {
      assetId: machine.assetId,
      site: machine.site.name,
      line: machine.line?.name ?? null,
      from,
      to,
      reason: h.reason,
      score: h.score,
      threshold: h.threshold,
    },
  };
}

function alarmEvent(type: OutboxEvent['type'], machine: MachineEntity, a: AlarmEntity, v: EvaluatedVersion, extra: Record<string, unknown>): OutboxEvent {
  return {
    type,
    site: machine.site.name,
    machineId: machine.id,
    payload: {
      alarmId: a.id,
      assetId: machine.assetId,
      site: machine.site.name,
      line: machine.line?.name ?? null,
      model: v.modelName,
      version: v.version,
      openedAt: new Date(a.openedAtMs).toISOString(),
      score: a.openedScore,
      threshold: a.threshold,
      suppressed: a.suppressed,
      ...extra,
    },
  };
}
