import { FlowJob } from 'bullmq';
import { currentContext } from '@fleetgate/common';
import { EVALUATION_QUEUE, jobId, JobName } from '@fleetgate/queue';

/**
 * Retries with exponential backoff for real failures (PostgreSQL/Redis connection errors are
 * retried separately and never use these attempts); a child that fails for good does not hold
 * its parent.
 */
export const MACHINE_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  ignoreDependencyOnFailure: true,
  removeOnComplete: 1000,
  removeOnFail: 5000,
} as const;

export const AGGREGATE_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 2000 } } as const;

/** A run's flow: parent `aggregate-run__<run>`, one `evaluate-machine__<run>__<machine>` child per machine. */
export function runFlow(runId: string, machines: ReadonlyArray<{ machineId: string; assetId: string }>): FlowJob {
  // The api request enqueuing the run (none for the reconciler), so the worker's log lines name it.
  const { requestId } = currentContext();
  const traced = requestId ? { requestId } : {};
  return {
    name: JobName.AggregateRun,
    queueName: EVALUATION_QUEUE,
    data: { runId, ...traced },
    opts: { jobId: jobId(JobName.AggregateRun, runId), ...AGGREGATE_JOB_OPTIONS },
    children: machines.map((m) => ({
      name: JobName.EvaluateMachine,
      queueName: EVALUATION_QUEUE,
      data: { runId, machineId: m.machineId, assetId: m.assetId, ...traced },
      opts: { jobId: jobId(JobName.EvaluateMachine, runId, m.machineId), ...MACHINE_JOB_OPTIONS },
    })),
  };
}
