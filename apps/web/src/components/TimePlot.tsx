import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { PlotEvent, PlotSeries } from '../telemetry-view';

const EVENT_COLOUR: Record<string, string> = { failure: '#d64545', maintenance: '#1f6feb', error: '#e0a800', alarm: '#8a2be2' };

/**
 * One signal as uPlot draws it: the min–max band and the mean line of each bucket (nulls
 * break the line: gaps stay gaps), events as vertical markers, time axis in UTC.
 */
export function TimePlot({
  series,
  events,
  unit,
  threshold,
  xRange,
  height = 180,
}: {
  series: PlotSeries;
  events: PlotEvent[];
  unit?: string;
  /** drawn as a dashed horizontal line (a score's alarm threshold) */
  threshold?: number | null;
  /** the period shown (epoch ms), so a short history is not stretched across the frame */
  xRange?: [number, number];
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const t = series.t.map((ms) => ms / 1000);
    const data: uPlot.AlignedData = [t, series.min, series.max, series.mean];
    const markers = (u: uPlot) => {
      const ctx = u.ctx;
      ctx.save();
      for (const e of events) {
        const x = u.valToPos(e.ts / 1000, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.strokeStyle = EVENT_COLOUR[e.kind] ?? '#555';
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
      }
      if (threshold !== null && threshold !== undefined) {
        const y = u.valToPos(threshold, 'y', true);
        ctx.strokeStyle = '#d64545';
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, y);
        ctx.lineTo(u.bbox.left + u.bbox.width, y);
        ctx.stroke();
      }
      ctx.restore();
    };
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: {
        x: xRange ? { time: true, range: () => [xRange[0] / 1000, xRange[1] / 1000] } : { time: true },
        // keep the threshold in view even when every score is far below it
        y: threshold === null || threshold === undefined ? {} : { range: (_u, lo, hi) => [Math.min(lo, threshold), Math.max(hi, threshold * 1.05)] },
      },
      series: [
        { label: 'UTC' },
        { label: 'min', stroke: 'rgba(31,111,235,0.35)', width: 1, points: { show: false } },
        { label: 'max', stroke: 'rgba(31,111,235,0.35)', width: 1, points: { show: false } },
        // a few points (a short score history) are drawn as dots, or a lone one would not show
        { label: 'mean', stroke: '#1f6feb', width: 1.5, points: { show: t.length <= 60, size: 6, fill: '#1f6feb' } },
      ],
      bands: [{ series: [2, 1], fill: 'rgba(31,111,235,0.15)' }],
      axes: [{}, { label: unit ?? '', size: 60 }],
      legend: { show: true },
      hooks: { draw: [markers] },
    };
    const plot = new uPlot(opts, data, el);
    const resize = () => plot.setSize({ width: Math.max(300, el.clientWidth), height });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [series, events, unit, threshold, xRange?.[0], xRange?.[1], height]); // the range by value: callers pass a fresh array
  return <div ref={box} className="plot" data-signal={series.signal} />;
}
