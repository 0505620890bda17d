import { ingestDeadLetters, ingestMessages, ingestSamples } from '@fleetgate/metrics';
import type { LiveCommitResult } from '@fleetgate/telemetry';

/** Counts one committed message: its outcome, its samples stored or dead-lettered, and each dead-letter reason by kind. */
export function countCommit(r: Pick<LiveCommitResult, 'stored' | 'deadLettered' | 'reasons'>): void {
  ingestMessages.inc({ outcome: r.reasons.length > 0 ? 'dead-lettered' : 'committed' });
  if (r.stored > 0) ingestSamples.inc({ result: 'stored' }, r.stored);
  if (r.deadLettered > 0) ingestSamples.inc({ result: 'dead-lettered' }, r.deadLettered);
  for (const reason of r.reasons) ingestDeadLetters.inc({ reason: reason.kind });
}
