import type { AlarmView, DeploymentPrecision, FleetHealthView, MaintenanceView } from '@fleetgate/scoring';

/** Left-aligned columns, two spaces apart. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

const num = (v: number | null) => (v === null ? '-' : Number.isInteger(v) ? String(v) : v.toPrecision(3));

export function healthText(h: FleetHealthView): string {
  const rows = h.machines.map((m) => [
    m.assetId,
    m.site,
    m.line ?? '-',
    m.state,
    num(m.score),
    num(m.threshold),
    m.qualityGrade24h ?? '-',
    m.lastDataAt ?? '-',
    m.scoredBy ?? '-',
    m.reason ?? '',
  ]);
  const by = Object.entries(h.totals.byState)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  return [
    table(['asset', 'site', 'line', 'state', 'score', 'threshold', 'quality 24h', 'last data', 'scored by', 'why'], rows),
    '',
    `${h.totals.machines} machines: ${by || 'none'}; data clock ${h.dataClock ?? '-'}`,
  ].join('\n');
}

export function alarmsText(list: { alarms: AlarmView[]; precision: DeploymentPrecision[] }): string {
  const rows = list.alarms.map((a) => [
    a.id,
    a.assetId,
    a.site,
    `${a.model}@${a.version}`,
    a.openedAt,
    a.suppressed ? 'suppressed' : a.status,
    a.outcome ?? '-',
    a.acknowledgedBy ?? '-',
    a.followedBy ? `${a.followedBy.kind} ${a.followedBy.at}` : '-',
  ]);
  const precision = list.precision
    .filter((p) => p.confirmed + p.falseAlarms > 0)
    .map(
      (p) => `  ${p.assetId} ${p.model}@${p.version}: ${num(p.estimate)} [${num(p.low)}, ${num(p.high)}] (${p.confirmed} confirmed, ${p.falseAlarms} false)`,
    );
  return [
    table(['id', 'asset', 'site', 'model', 'opened', 'status', 'outcome', 'acknowledged by', 'followed by'], rows),
    ...(precision.length ? ['', 'live precision (95 % Wilson):', ...precision] : []),
  ].join('\n');
}

export function maintenanceText(m: MaintenanceView): string {
  return `maintenance ${m.id}: ${m.assetId ?? `line ${m.site}/${m.line}`} ${m.from} – ${m.to} (${m.reason}), by ${m.createdBy}`;
}
