/** The queues and the typed jobs they carry. */
export const EVALUATION_QUEUE = 'evaluation';

export enum JobName {
  EvaluateMachine = 'evaluate-machine',
  AggregateRun = 'aggregate-run',
}

/** `requestId`: the api request that enqueued the job, when there was one (the worker logs it). */
export interface JobPayloads {
  [JobName.EvaluateMachine]: { runId: string; machineId: string; assetId: string; requestId?: string };
  [JobName.AggregateRun]: { runId: string; requestId?: string };
}

/** Deterministic job ids: the same run and machine always map to the same job. BullMQ forbids ':' in custom ids. */
export function jobId(name: JobName, ...parts: string[]): string {
  const id = [name, ...parts].join('__');
  if (id.includes(':')) throw new Error(`job id must not contain ":": ${id}`);
  return id;
}
