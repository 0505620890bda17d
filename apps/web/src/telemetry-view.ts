/** One signal ready for a plot: bucket times (ms) and min/max/mean, null for gaps. */
export interface PlotSeries {
  signal: string;
  t: number[];
  min: Array<number | null>;
  max: Array<number | null>;
  mean: Array<number | null>;
}

export interface PlotEvent {
  ts: number;
  kind: string;
  component: string;
  code: string;
}

export interface TelemetryView {
  fromMs: number;
  toMs: number;
  signals: PlotSeries[];
  events: PlotEvent[];
}

type Columns = { min?: Array<number | null>; max?: Array<number | null>; mean?: Array<number | null> };
type Times = Array<number | string>;
interface RawTelemetry {
  fromMs?: number;
  toMs?: number;
  from?: string;
  to?: string;
  t?: Times;
  signals?: Array<Columns & { signal?: string; name?: string; t?: Times }> | Record<string, Columns & { t?: Times }>;
  events?: PlotEvent[];
}

const ms = (x: number | string): number => (typeof x === 'number' ? x : Date.parse(x));

/**
 * The api's downsampled telemetry as plot series. Reads both layouts: one shared time column
 * (`t`, epoch ms or ISO, with `signals` keyed by name: the api's \`/machines/:id/telemetry\`)
 * or one time column per signal (`signals: [{ signal, t, min, max, mean }]`).
 */
export function telemetryView(raw: RawTelemetry): TelemetryView {
  const entries: Array<[string, Columns & { t?: Times }]> = Array.isArray(raw.signals)
    ? raw.signals.map((s) => [s.signal ?? s.name ?? '?', s])
    : Object.entries(raw.signals ?? {});
  const signals = entries
    .map(([signal, s]) => {
      const t = (s.t ?? raw.t ?? []).map(ms);
      const mean = s.mean ?? new Array<number | null>(t.length).fill(null);
      return { signal, t, mean, min: s.min ?? mean, max: s.max ?? mean };
    })
    .sort((a, b) => a.signal.localeCompare(b.signal));
  const allT = signals.flatMap((s) => (s.t.length ? [s.t[0], s.t[s.t.length - 1]] : []));
  return {
    fromMs: raw.fromMs ?? (raw.from ? Date.parse(raw.from) : allT.length ? Math.min(...allT) : 0),
    toMs: raw.toMs ?? (raw.to ? Date.parse(raw.to) : allT.length ? Math.max(...allT) : 0),
    signals,
    events: raw.events ?? [],
  };
}

/** The api's machine events (`{ events: [{ at, kind, component, code }] }`) as plot markers. */
export function eventsView(raw: { events?: Array<{ at: string; kind: string; component?: string; code?: string }> }): PlotEvent[] {
  return (raw.events ?? []).map((e) => ({ ts: Date.parse(e.at), kind: e.kind, component: e.component ?? '', code: e.code ?? '' }));
}

/** How many buckets hold data (a plot of nothing but gaps says so instead of drawing an empty frame). */
export function presentBuckets(s: PlotSeries): number {
  return s.mean.filter((v) => v !== null && v !== undefined).length;
}
