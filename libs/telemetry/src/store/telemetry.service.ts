import { Inject, Injectable } from '@nestjs/common';
import { DAY_MS, HOUR_MS, Series } from '@fleetgate/common';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { copyChunkInto, phaseOf, splitIntoChunks, utcDay } from '../chunk/chunk.util';
import { SignalWrite } from '../chunk/merge-plan.util';
import { RollupField } from '../rollup/hourly-rollup.util';
import { assembleHours, HourlySeries } from '../rollup/hourly-series.util';
import { telemetryErrors } from '../telemetry.exception';
import { ChunkRepository } from './chunk.repository';
import { RollupRepository } from './rollup.repository';
import { EventRepository } from './event.repository';
import { EVENT_KINDS, EventKind, LABEL_KINDS, LabelEvent, MachineEventInput, SeriesInfo, StoredEvent } from './telemetry.types';

/** Reads and writes canonical telemetry (machine × signal series) and events. */
@Injectable()
export class TelemetryService {
  constructor(
    private readonly chunks: ChunkRepository,
    private readonly eventRepo: EventRepository,
    private readonly rollups: RollupRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The longest window any read may span (FLEETGATE_MAX_LOOKBACK_DAYS): callers refuse longer requests before reading. */
  get maxLookbackMs(): number {
    return this.config.maxLookbackDays * DAY_MS;
  }

  get maxLookbackDays(): number {
    return this.config.maxLookbackDays;
  }

  seriesInfo(machineId: string): Promise<SeriesInfo[]> {
    return this.chunks.seriesInfo(machineId);
  }

  /**
   * The machine's signals over [fromMs, toMs) on each series' own grid, NaN where nothing
   * is stored. Two queries whatever the window: the series summary, then every chunk of
   * the window; chunk bytes are copied straight into one Float32Array per signal.
   * Signals the machine has never stored are absent from the result. A window longer than
   * the maximum look-back is refused before anything is read or allocated (the last guard:
   * callers refuse it earlier, naming the request's field). A day whose raw samples raw retention
   * pruned is refused (409 `TELEMETRY_RAW_PRUNED`, naming signal and day), never read as a gap.
   */
  async readMachine(
    machineId: string,
    signals: readonly string[],
    fromMs: number,
    toMs: number,
    opts: { seriesInfo?: SeriesInfo[] } = {},
  ): Promise<Record<string, Series>> {
    this.checkWindow(fromMs, toMs);
    const info = new Map((opts.seriesInfo ?? (await this.chunks.seriesInfo(machineId))).map((s) => [s.signal, s]));
    const out: Record<string, Series> = {};
    const wanted = signals.filter((s) => info.has(s));
    for (const signal of wanted) {
      const s = info.get(signal)!;
      const phase = phaseOf(s.firstMs, s.intervalMs);
      const startMs = fromMs + ((((phase - fromMs) % s.intervalMs) + s.intervalMs) % s.intervalMs);
      const length = startMs >= toMs ? 0 : Math.ceil((toMs - startMs) / s.intervalMs);
      out[signal] = { startMs, intervalMs: s.intervalMs, values: new Float32Array(length).fill(NaN) };
    }
    if (wanted.length === 0) return out;
    const rows = await this.chunks.readChunks(machineId, wanted, utcDay(fromMs), utcDay(toMs - 1));
    for (const row of rows) {
      // Raw retention left the day its rollup only: refuse rather than read it as a gap.
      if (row.samples.length === 0) throw telemetryErrors.rawPruned(row.signal, row.day, 'read');
      const target = out[row.signal];
      if (row.intervalMs !== target.intervalMs) continue; // a grid other than the series' own cannot be placed
      copyChunkInto(row.samples, row.startMs, row.intervalMs, target.values, target.startMs);
    }
    return out;
  }

  /**
   * The machine's signals as hourly rollups over the whole UTC hours covering [fromMs, toMs)
   * (`series[signal].startMs` is the first of them). Each hour is exactly what its raw samples
   * give; days stored before rollups existed are summarised from their samples on the way
   * (`fromRaw` counts those day rows — `fleetgate rollups rebuild` stores them). One query after
   * the series summary (none when `seriesInfo` is passed), 24 entries per day instead of a day's
   * samples; `fields` reads only those (a plot: `PLOT_FIELDS`), the others read as empty.
   */
  async readHourly(
    machineId: string,
    signals: readonly string[],
    fromMs: number,
    toMs: number,
    opts: { fields?: readonly RollupField[]; seriesInfo?: SeriesInfo[] } = {},
  ): Promise<{ series: Record<string, HourlySeries>; fromRaw: number }> {
    this.checkWindow(fromMs, toMs);
    const from = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
    const to = Math.ceil(toMs / HOUR_MS) * HOUR_MS;
    const info = new Map((opts.seriesInfo ?? (await this.chunks.seriesInfo(machineId))).map((s) => [s.signal, s]));
    const wanted = signals.filter((s) => info.has(s));
    const { days, fromRaw } = await this.rollups.read(machineId, wanted, utcDay(from), utcDay(to - 1), opts.fields);
    const series: Record<string, HourlySeries> = {};
    for (const signal of wanted) {
      const s = info.get(signal)!;
      // A day on another grid than the series' own cannot be placed (as in readMachine).
      const own = days.get(signal)!.filter((d) => d.intervalMs === s.intervalMs);
      series[signal] = assembleHours(own, from, to, s.intervalMs, s.firstMs);
    }
    return { series, fromRaw };
  }

  private checkWindow(fromMs: number, toMs: number): void {
    if (!(toMs > fromMs)) throw telemetryErrors.badWindow(`window end (${toMs}) must be after its start (${fromMs})`);
    if (toMs - fromMs > this.maxLookbackMs) throw telemetryErrors.windowTooLong('window', (toMs - fromMs) / DAY_MS, this.config.maxLookbackDays);
  }

  /**
   * Merges canonical series of one machine into the store (idempotent: the same samples
   * again change nothing; a different value for a stored time replaces it).
   */
  async writeSeries(machineId: string, series: Record<string, Series>, mappingVersion: number): Promise<SignalWrite[]> {
    const chunks = Object.entries(series).flatMap(([signal, s]) => splitIntoChunks(signal, s));
    return this.chunks.writeChunks(machineId, chunks, mappingVersion);
  }

  /** Adds events; returns how many were new (the same event again adds nothing). */
  addEvents(machineId: string, events: MachineEventInput[]): Promise<number> {
    return this.eventRepo.insert(machineId, events);
  }

  /** Every event of the machine in [fromMs, toMs) (failures, maintenance and errors), or only `kinds`. */
  events(machineId: string, fromMs?: number, toMs?: number, kinds?: readonly EventKind[]): Promise<StoredEvent[]> {
    return this.eventRepo.list(machineId, fromMs, toMs, kinds);
  }

  /**
   * Failures and maintenance only: the events that decide healthy windows and baselines.
   * Read these, never `events`, for `healthyWindowMask` / `unhealthyRanges`: an error event is
   * context, and letting one through would hide the healthy windows around it.
   */
  async labelEvents(machineId: string, fromMs?: number, toMs?: number): Promise<LabelEvent[]> {
    return (await this.eventRepo.list(machineId, fromMs, toMs, LABEL_KINDS)) as LabelEvent[];
  }

  /**
   * `labelEvents` over `labels` and the error events over `errors` (each [fromMs, toMs)) in one
   * query over both windows: an evaluation reads the two for every machine of a fleet.
   */
  async labelsAndErrors(
    machineId: string,
    labels: readonly [number, number],
    errors: readonly [number, number],
  ): Promise<{ labels: LabelEvent[]; errors: StoredEvent[] }> {
    const all = await this.eventRepo.list(machineId, Math.min(labels[0], errors[0]), Math.max(labels[1], errors[1]), EVENT_KINDS);
    const within = (e: StoredEvent, [from, to]: readonly [number, number]) => e.ts >= from && e.ts < to;
    return {
      labels: all.filter((e) => e.kind !== 'error' && within(e, labels)) as LabelEvent[],
      errors: all.filter((e) => e.kind === 'error' && within(e, errors)),
    };
  }

  /** End of the latest sample of any of these machines (null when none has data): "the last N days" end here. */
  latestEnd(machineIds: readonly string[]): Promise<number | null> {
    return this.chunks.latestEnd(machineIds);
  }

  /** Each machine's newest data end (machines without data are absent); the largest is the fleet's data clock. */
  latestEndByMachine(): Promise<Map<string, number>> {
    return this.chunks.latestEndByMachine();
  }

  /** From the first sample to the end of the last one of any of these machines (null when none has data); two queries. */
  async spanOf(machineIds: readonly string[]): Promise<{ fromMs: number; toMs: number } | null> {
    const toMs = await this.chunks.latestEnd(machineIds);
    const fromMs = toMs === null ? null : await this.chunks.earliestStart(machineIds);
    return toMs === null || fromMs === null ? null : { fromMs, toMs };
  }

  /** The machine's data span over all signals (null when nothing is stored). */
  async dataSpan(machineId: string): Promise<{ fromMs: number; toMs: number } | null> {
    const info = await this.chunks.seriesInfo(machineId);
    if (info.length === 0) return null;
    return { fromMs: Math.min(...info.map((s) => s.firstMs)), toMs: Math.max(...info.map((s) => s.lastMs + s.intervalMs)) };
  }
}
