import type { Job } from 'bullmq';
import { jobAttempts, jobDuration, secondsSince } from '@fleetgate/metrics';

export type JobOutcome = 'completed' | 'failed' | 'postponed';

/**
 * One attempt's duration by outcome; the attempts a job took once it is settled (completed, or
 * failed on its last attempt). A postponed attempt (database or Redis away) is not an attempt.
 */
export function observeJob(job: Job, outcome: JobOutcome, started: bigint): void {
  const labels = { queue: job.queueName, job_name: job.name };
  jobDuration.observe({ ...labels, outcome }, secondsSince(started));
  const attempt = job.attemptsMade + 1;
  if (outcome === 'completed' || (outcome === 'failed' && attempt >= (job.opts.attempts ?? 1))) jobAttempts.observe(labels, attempt);
}
