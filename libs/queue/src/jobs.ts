/** The queues and the typed jobs they carry. */
export const EVALUATION_QUEUE = 'evaluation';
/** Production scoring: the repeating `score-round` (a job scheduler) and its `score-machine` jobs. */
export const SCORING_QUEUE = 'scoring';
/** The id of the job scheduler that starts a scoring round every FLEETGATE_SCORING_INTERVAL. */
export const SCORING_SCHEDULER_ID = 'scoring-round';

/** Webhook deliveries: one job per attempt at the head event of a hook's outbox (libs/webhooks). */
export const WEBHOOK_QUEUE = 'webhooks';

export enum JobName {
  EvaluateMachine = 'evaluate-machine',
  AggregateRun = 'aggregate-run',
  /** Adaptation advice: train and register a run's remedy variants, then start their evaluations (evaluation queue). */
  Advise = 'advise',
  ScoreRound = 'score-round',
  ScoreMachine = 'score-machine',
  DeliverWebhook = 'deliver-webhook',
}

/** `requestId`: the api request that enqueued the job, when there was one (the worker logs it). */
export interface JobPayloads {
  [JobName.EvaluateMachine]: { runId: string; machineId: string; assetId: string; requestId?: string };
  [JobName.AggregateRun]: { runId: string; requestId?: string };
  [JobName.Advise]: { adviceId: string; requestId?: string };
  [JobName.ScoreRound]: { requestId?: string };
  /**
   * `dataEndMs`: the machine's newest data when the round saw it (the job scores up to there, never
   * further); `dataClockMs`: the fleet's newest data then (what no-data is measured against).
   */
  [JobName.ScoreMachine]: { machineId: string; dataEndMs: number; dataClockMs: number; requestId?: string };
  /** `attempt`: 1-based; the outbox row's attempt count says whether it was already made. */
  [JobName.DeliverWebhook]: { hookId: string; eventId: string; attempt: number };
}

/** Deterministic job ids: the same run and machine always map to the same job. BullMQ forbids ':' in custom ids. */
export function jobId(name: JobName, ...parts: string[]): string {
  const id = [name, ...parts].join('__');
  if (id.includes(':')) throw new Error(`job id must not contain ":": ${id}`);
  return id;
}
