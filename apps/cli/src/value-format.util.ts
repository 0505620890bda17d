import type { NetValue, RunNetValue } from '@fleetgate/gate';

/** The net-value view of a run for the terminal: costs, then one line per set of machines. */

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

const money = (x: number | null) => (x === null ? '-' : Math.round(x).toLocaleString('en-US'));

function line(label: string, v: NetValue): string {
  const figures = v.estimate === null ? `insufficient evidence: ${v.insufficient}` : `${pad(money(v.estimate), 10)} [${money(v.low)} to ${money(v.high)}]`;
  return `${pad(label, 28)} ${pad(String(v.machines), 9)} ${pad(money(v.machineHours), 10)} ${pad(`${v.detectedInTime}/${v.failures}`, 9)} ${pad(String(v.falseAlarms), 7)} ${figures}`;
}

export function netValueTable(r: RunNetValue): string {
  const c = r.costs;
  const from = r.costsFrom
    ? `policy ${r.costsFrom.name} v${r.costsFrom.version}`
    : 'shipped placeholder costs (no approved policy version sets any): set your own';
  return [
    `costs (${from}): unplanned failure ${money(c.unplannedFailureCost)}, planned repair ${money(c.plannedRepairCost)}, false alarm ${money(c.falseAlarmCost)}, warning needed ${c.minLeadTimeHours} h`,
    'net value per 1,000 machine-hours against running to failure, 95 % bootstrap interval over machines',
    '',
    `${pad('machines', 28)} ${pad('count', 9)} ${pad('hours', 10)} ${pad('in time', 9)} ${pad('false', 7)} net value [95% CI]`,
    line('all evaluated', r.fleet),
    line('validated scope', r.validatedScope),
    ...r.segments.map((s) => line(`${s.dimension}=${s.value}`, s)),
  ].join('\n');
}
