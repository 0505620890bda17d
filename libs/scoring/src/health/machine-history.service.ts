import { Injectable } from '@nestjs/common';
import { Actor, DAY_MS, HOUR_MS } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { downsampleHours, PLOT_FIELDS, TelemetryService } from '@fleetgate/telemetry';
import { AlarmService, AlarmView } from '../alarm/alarm.service';
import { bucketStarts, bucketWidthMs, downsample, DownsampledSignal, hourBuckets } from '../plot/downsample.util';
import { iso, timeRange } from '../query.util';
import { scoringErrors } from '../scoring.exception';
import { ScoringRepository } from '../score/scoring.repository';
import { FleetHealthService, MachineHealthView } from './fleet-health.service';

export interface ScorePoint {
  windowEnd: string;
  score: number;
  threshold: number;
  beyond: boolean;
  healthy: boolean;
  scoredBy: string;
}

export interface MachineHistoryView {
  health: MachineHealthView;
  from: string;
  to: string;
  scores: ScorePoint[];
  alarms: AlarmView[];
}

export interface TelemetryPlotView {
  assetId: string;
  from: string;
  to: string;
  bucketMs: number;
  /** Bucket starts (ISO). */
  t: string[];
  signals: Record<string, DownsampledSignal>;
}

export const MAX_PLOT_POINTS = 5000;
export const DEFAULT_PLOT_POINTS = 500;

/** One machine over time: its scores with threshold and alarms, and its telemetry downsampled for plotting. */
@Injectable()
export class MachineHistoryService {
  constructor(
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
    private readonly repo: ScoringRepository,
    private readonly health: FleetHealthService,
    private readonly alarms: AlarmService,
  ) {}

  /** Default: the 7 days up to its newest data. */
  async history(actor: Actor, idOrAssetId: string, q: { from?: string; to?: string }): Promise<MachineHistoryView> {
    const machine = await this.fleet.getMachine(idOrAssetId, actor);
    const span = await this.telemetry.dataSpan(machine.id);
    const { fromMs, toMs } = timeRange(q, span?.toMs ?? Date.now(), 7 * DAY_MS, this.telemetry.maxLookbackMs);
    const [health, scores, alarms] = await Promise.all([
      this.health.machineHealth(actor, machine.id),
      this.repo.scoresBetween(machine.id, fromMs, toMs),
      this.alarms.list(actor, { assetId: machine.assetId, fromMs, toMs, limit: 1000 }),
    ]);
    const labels = new Map((await this.repo.versionLabels([...new Set(scores.map((s) => s.modelVersionId))])).map((v) => [v.id, `${v.model}@${v.version}`]));
    return {
      health,
      from: iso(fromMs)!,
      to: iso(toMs)!,
      scores: scores.map((s) => ({
        windowEnd: iso(s.windowEndMs)!,
        score: s.score,
        threshold: s.threshold,
        beyond: s.beyond,
        healthy: s.healthy,
        scoredBy: labels.get(s.modelVersionId) ?? s.modelVersionId,
      })),
      alarms: alarms.alarms,
    };
  }

  /** Default: the last day of its data in 500 points; gaps stay null. */
  async telemetryPlot(actor: Actor, idOrAssetId: string, q: { from?: string; to?: string; points?: number }): Promise<TelemetryPlotView> {
    const points = q.points ?? DEFAULT_PLOT_POINTS;
    if (!Number.isInteger(points) || points < 1 || points > MAX_PLOT_POINTS)
      throw scoringErrors.invalid('points', `must be an integer between 1 and ${MAX_PLOT_POINTS}`);
    const machine = await this.fleet.getMachine(idOrAssetId, actor);
    const info = await this.telemetry.seriesInfo(machine.id);
    const end = info.length ? Math.max(...info.map((s) => s.lastMs + s.intervalMs)) : Date.now();
    const { fromMs, toMs } = timeRange(q, end, DAY_MS, this.telemetry.maxLookbackMs);
    const interval = info.length ? Math.min(...info.map((s) => s.intervalMs)) : 60_000;
    const bucketMs = bucketWidthMs(fromMs, toMs, points, interval);
    if (bucketMs >= HOUR_MS) {
      // An hour or more per bucket: whole-hour buckets from the hourly rollups (60× less to read than samples).
      const plan = hourBuckets(fromMs, toMs, points);
      const { series } = await this.telemetry.readHourly(
        machine.id,
        info.map((s) => s.signal),
        fromMs, // read from the hour at or before it: plan.fromMs
        toMs,
        { fields: PLOT_FIELDS, seriesInfo: info },
      );
      const signals: Record<string, DownsampledSignal> = {};
      for (const [signal, s] of Object.entries(series)) signals[signal] = downsampleHours(s, plan.bucketHours, plan.buckets);
      const width = plan.bucketHours * HOUR_MS;
      const t = Array.from({ length: plan.buckets }, (_, b) => iso(plan.fromMs + b * width)!);
      return { assetId: machine.assetId, from: iso(plan.fromMs)!, to: iso(toMs)!, bucketMs: width, t, signals };
    }
    const starts = bucketStarts(fromMs, toMs, bucketMs);
    const series = info.length
      ? await this.telemetry.readMachine(
          machine.id,
          info.map((s) => s.signal),
          fromMs,
          toMs,
        )
      : {};
    const signals: Record<string, DownsampledSignal> = {};
    for (const [signal, s] of Object.entries(series)) signals[signal] = downsample(s, fromMs, bucketMs, starts.length);
    return { assetId: machine.assetId, from: iso(fromMs)!, to: iso(toMs)!, bucketMs, t: starts.map((t) => iso(t)!), signals };
  }
}
