import { Queue } from 'bullmq';
import { JobName } from '@fleetgate/queue';
import { ok } from '../evaluation/evaluation-api.util';
import { sleep } from '../evaluation/processes.util';

/** No scoring job left to run (the scheduler's next round, far away, always waits as delayed). */
export async function scoringDrained(queue: Queue): Promise<void> {
  for (;;) {
    const c = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
    const delayed = (await queue.getJobs(['delayed'])).filter((j) => j.name !== JobName.ScoreRound);
    if (delayed.length === 0 && Object.values(c).every((n) => n === 0)) return;
    await sleep(200);
  }
}

/** Starts a round through the api and waits until it and every job it fanned out are done. */
export async function scoringRound(url: string, token: string, queue: Queue): Promise<void> {
  const { jobId: id } = await ok<{ jobId: string }>(url, token, 'POST', '/scoring/rounds');
  for (;;) {
    const job = await queue.getJob(id);
    if (job && (await job.isCompleted())) break;
    if (job && (await job.isFailed())) throw new Error(`round failed: ${job.failedReason}`);
    await sleep(200);
  }
  await scoringDrained(queue);
}
