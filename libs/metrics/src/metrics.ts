import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from './registry';

/*
 * Every fleetgate metric. Labels are bounded sets (route templates, status codes, queue and job
 * names, run statuses, verdicts, reason kinds, sites) — never an asset, machine, run or user id.
 * Each process registers all of them; a process exports only what it observes or collects.
 */
const registers = [registry];

// api
export const httpRequestDuration = new Histogram({
  name: 'fleetgate_http_request_duration_seconds',
  help: 'HTTP requests served by the api, by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

export const queueJobs = new Gauge({
  name: 'fleetgate_queue_jobs',
  help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed, completed, waiting-children, prioritized), read on scrape',
  labelNames: ['queue', 'state'] as const,
  registers,
});

export const evaluationRuns = new Gauge({
  name: 'fleetgate_evaluation_runs',
  help: 'Evaluation runs in the database by status, read on scrape',
  labelNames: ['status'] as const,
  registers,
});

export const evaluationRunsStalled = new Gauge({
  name: 'fleetgate_evaluation_runs_stalled',
  help: 'Queued or running evaluation runs that cannot make progress right now (see /api/health)',
  registers,
});

export const scoringLag = new Gauge({
  name: 'fleetgate_scoring_lag_seconds',
  help: "Per site with a production deployment: the data clock (the fleet's newest telemetry sample, as health's no-data uses; not the wall clock, so an accelerated replay reads right) minus the newest scored window end, read on scrape; a site without a score yet has no series",
  labelNames: ['site'] as const,
  registers,
});

// worker
export const jobDuration = new Histogram({
  name: 'fleetgate_job_duration_seconds',
  help: 'Time a worker spent on one attempt of a job, by queue, job name and outcome (completed, failed, postponed)',
  labelNames: ['queue', 'job_name', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers,
});

export const jobAttempts = new Histogram({
  name: 'fleetgate_job_attempts',
  help: 'Attempts a job took when it completed or failed for good, by queue and job name',
  labelNames: ['queue', 'job_name'] as const,
  buckets: [1, 2, 3, 5, 10],
  registers,
});

export const machinesEvaluated = new Counter({
  name: 'fleetgate_machines_evaluated_total',
  help: 'Machines evaluated (a result stored), by verdict',
  labelNames: ['verdict'] as const,
  registers,
});

export const machinesFailed = new Counter({
  name: 'fleetgate_machines_failed_total',
  help: 'Machines whose evaluation failed for good (after its last attempt)',
  registers,
});

// ingest
export const ingestMessages = new Counter({
  name: 'fleetgate_ingest_messages_total',
  help: 'MQTT telemetry messages handled, by outcome (committed, dead-lettered, commit-failed)',
  labelNames: ['outcome'] as const,
  registers,
});

export const ingestSamples = new Counter({
  name: 'fleetgate_ingest_samples_total',
  help: 'Samples received over MQTT, by result (stored, dead-lettered)',
  labelNames: ['result'] as const,
  registers,
});

export const ingestDeadLetters = new Counter({
  name: 'fleetgate_ingest_dead_letters_total',
  help: 'Dead-letter reasons recorded by the ingest, by reason kind',
  labelNames: ['reason'] as const,
  registers,
});

// every process with a database
export const dbPoolConnections = new Gauge({
  name: 'fleetgate_db_pool_connections',
  help: 'PostgreSQL pool connections by state (total, idle, waiting clients); absent on SQLite',
  labelNames: ['state'] as const,
  registers,
});
