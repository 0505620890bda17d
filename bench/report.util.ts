export interface TableRow {
  figure: string;
  unit: string;
  fleetgate: number | null;
  notebook?: number | null;
  /** Free text: how the two columns (or two fleetgate figures) compare. */
  ratio?: string;
}

export type TargetStatus = 'met' | 'not met' | 'not measured';

export interface Target {
  target: string;
  value: string;
  status: TargetStatus;
}

export function fmt(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  let text: string;
  if (unit === 'rows/s' || unit === 'samples/s')
    text = abs >= 1e6 ? `${(value / 1e6).toFixed(2)} M` : abs >= 1e3 ? `${(value / 1e3).toFixed(1)} k` : value.toFixed(0);
  else if (abs >= 100) text = value.toFixed(0);
  else if (abs >= 10) text = value.toFixed(1);
  else text = value.toFixed(2);
  return text;
}

/** "7.3× faster" / "2.1× slower" for two durations (notebook first). */
export function speedup(notebookSeconds: number | null | undefined, fleetgateSeconds: number | null | undefined): string | undefined {
  if (!notebookSeconds || !fleetgateSeconds) return undefined;
  const r = notebookSeconds / fleetgateSeconds;
  return r >= 1 ? `${r.toFixed(1)}× faster` : `${(1 / r).toFixed(1)}× slower`;
}

export function renderTable(rows: TableRow[]): string {
  const header = ['figure', 'unit', 'fleetgate', 'notebook', 'ratio'];
  const cells = rows.map((r) => [r.figure, r.unit, fmt(r.fleetgate, r.unit), r.notebook === undefined ? '' : fmt(r.notebook, r.unit), r.ratio ?? '']);
  return renderGrid(header, cells, [false, false, true, true, false]);
}

export function renderTargets(targets: Target[]): string {
  return renderGrid(
    ['target', 'measured', 'status'],
    targets.map((t) => [t.target, t.value, t.status]),
    [false, false, false],
  );
}

function renderGrid(header: string[], cells: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (rightAlign[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

export function status(measured: boolean, ok: boolean): TargetStatus {
  return !measured ? 'not measured' : ok ? 'met' : 'not met';
}
