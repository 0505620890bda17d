import type { DeploymentListItem } from '@fleetgate/gate';
import type { DeliveryView, WebhookView } from '@fleetgate/webhooks';
import { table } from './health-format.util';

const num = (v: number | null) => (v === null ? '-' : Number.isInteger(v) ? String(v) : v.toPrecision(3));

/** What a suspension says in one cell: kind, the guard's rule/value/limit, then the reason. */
export function suspensionCell(d: DeploymentListItem): string {
  if (!d.suspended) return 'no';
  const guard = d.suspensionKind === 'guard' && d.guardRule ? ` ${d.guardRule} ${num(d.guardValue)} > ${num(d.guardLimit)}` : '';
  return `yes (${d.suspensionKind ?? 'unknown'}${guard})${d.suspendedReason ? `: ${d.suspendedReason}` : ''}`;
}

/** `fleetgate deployments list`: machine, model@version, stage, suspended (with kind and reason), deployment id. */
export function deploymentsText(list: DeploymentListItem[]): string {
  if (!list.length) return 'no deployments';
  return table(
    ['MACHINE', 'MODEL@VERSION', 'STAGE', 'SUSPENDED', 'ID'],
    list.map((d) => [d.assetId, `${d.model}@${d.version}`, d.stage, suspensionCell(d), d.id]),
  );
}

/** `fleetgate webhooks list`. The secret is never part of a view. */
export function webhooksText(list: WebhookView[]): string {
  if (!list.length) return 'no webhooks';
  return table(
    ['ID', 'URL', 'EVENTS', 'STATUS', 'PENDING', 'DELIVERED'],
    list.map((w) => [
      w.id,
      w.url,
      w.events.join(','),
      w.status === 'paused' && w.pausedReason ? `paused: ${w.pausedReason}` : w.status,
      String(w.pendingEvents),
      String(w.deliveredEvents),
    ]),
  );
}

/** `fleetgate webhooks deliveries <id>`: every attempt, newest first. */
export function deliveriesText(list: DeliveryView[]): string {
  if (!list.length) return 'no deliveries yet';
  return table(
    ['AT', 'SEQ', 'EVENT', 'ATTEMPT', 'OUTCOME', 'HTTP', 'MS', 'ERROR'],
    list.map((d) => [
      d.attemptedAt,
      String(d.seq),
      d.type,
      String(d.attempt),
      d.outcome,
      d.httpStatus === null ? '-' : String(d.httpStatus),
      String(d.durationMs),
      d.error ?? '',
    ]),
  );
}
