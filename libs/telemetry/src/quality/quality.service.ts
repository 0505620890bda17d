import { Injectable } from '@nestjs/common';
import { MachineEntity, TagMappingService } from '@fleetgate/fleet';
import { DAY_MS, ISO_TIME_HINT, parseDuration, parseIsoTime } from '@fleetgate/common';
import { TelemetryService } from '../store/telemetry.service';
import { telemetryErrors } from '../telemetry.exception';
import { QualityGrade, signalQuality, SignalQuality, worstGrade } from './quality.util';

export interface MachineQuality {
  machineId: string;
  assetId: string;
  fromMs: number;
  toMs: number;
  grade: QualityGrade;
  /** "<signal>: <reason>" for every rule that fired */
  reasons: string[];
  signals: SignalQuality[];
}

export interface PeriodQuery {
  from?: string;
  to?: string;
  /** e.g. '90d': the last 90 days of the machine's data */
  lookback?: string;
}

/** Data quality of a machine's stored signals over a period (ranges from the signal catalog). */
@Injectable()
export class QualityService {
  constructor(
    private readonly telemetry: TelemetryService,
    private readonly mapping: TagMappingService,
  ) {}

  /**
   * from/to, or lookback (the last part of the machine's data, ending at its last sample), or
   * the last FLEETGATE_MAX_LOOKBACK_DAYS of its data. A request longer than that maximum, or with
   * a time outside 1970–2100, is refused (400 naming `from`, `to` or `lookback`) before anything
   * is read; the window is then clipped to the machine's data span.
   */
  async resolvePeriod(machineId: string, q: PeriodQuery): Promise<{ fromMs: number; toMs: number } | null> {
    const maxMs = this.telemetry.maxLookbackMs;
    const maxDays = this.telemetry.maxLookbackDays;
    const time = (field: string, text: string): number => {
      const t = parseIsoTime(text);
      if (t === null) throw telemetryErrors.badWindow(`${field}: not ${ISO_TIME_HINT}: "${text}"`, field);
      return t;
    };
    let requested: { fromMs: number; toMs: number } | null = null;
    let lookbackMs = maxMs;
    if (q.from || q.to) {
      if (!q.from || !q.to) throw telemetryErrors.badWindow('give both from and to, or a lookback', q.from ? 'to' : 'from');
      requested = { fromMs: time('from', q.from), toMs: time('to', q.to) };
      if (!(requested.toMs > requested.fromMs)) throw telemetryErrors.badWindow('to must be after from', 'to');
      if (requested.toMs - requested.fromMs > maxMs) throw telemetryErrors.windowTooLong('from', (requested.toMs - requested.fromMs) / DAY_MS, maxDays);
    } else if (q.lookback) {
      try {
        lookbackMs = parseDuration(q.lookback);
      } catch (error) {
        throw telemetryErrors.badWindow((error as Error).message, 'lookback');
      }
      if (lookbackMs > maxMs) throw telemetryErrors.windowTooLong('lookback', lookbackMs / DAY_MS, maxDays);
    }
    const span = await this.telemetry.dataSpan(machineId);
    if (!span) return requested;
    if (requested) {
      // Clipped to the data; a window that misses it entirely stays as asked (bounded above) and grades as no data.
      const clipped = { fromMs: Math.max(requested.fromMs, span.fromMs), toMs: Math.min(requested.toMs, span.toMs) };
      return clipped.toMs > clipped.fromMs ? clipped : requested;
    }
    // Never before the machine's first sample: a 90d lookback on 8 days of data grades those 8 days.
    return { fromMs: Math.max(span.fromMs, span.toMs - lookbackMs), toMs: span.toMs };
  }

  async quality(machine: MachineEntity, fromMs: number, toMs: number): Promise<MachineQuality> {
    const info = await this.telemetry.seriesInfo(machine.id);
    const catalog = new Map((await this.mapping.catalog()).map((s) => [s.name, s]));
    const series = await this.telemetry.readMachine(
      machine.id,
      info.map((s) => s.signal),
      fromMs,
      toMs,
    );
    const signals = Object.entries(series).map(([signal, s]) => {
      const c = catalog.get(signal);
      return signalQuality(signal, s, c ? { min: c.min, max: c.max } : null);
    });
    return {
      machineId: machine.id,
      assetId: machine.assetId,
      fromMs,
      toMs,
      grade: worstGrade(signals.map((s) => s.grade)),
      reasons: signals.flatMap((s) => s.reasons.map((r) => `${s.signal}: ${r}`)),
      signals,
    };
  }
}
