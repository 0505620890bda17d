import * as os from 'node:os';
import * as path from 'node:path';

/** Everything fleetgate reads from the environment, validated once. */
export interface AppConfig {
  /** PostgreSQL when set; otherwise the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** Schema used on PostgreSQL (tests run each in their own schema). */
  databaseSchema: string;
  dataDir: string;
  redisUrl: string;
  /** Prefix of every BullMQ key, so several installations (or test runs) share one Redis. */
  queuePrefix: string;
  port: number;
  workerConcurrency: number;
  /**
   * Worker threads each worker process assesses machines on (`AssessmentPool`), so one worker
   * uses more than one core; 0 = on the main thread. Default: the smaller of WORKER_CONCURRENCY
   * and the cores (more would sit idle: at most that many machines are in flight).
   */
  assessmentThreads: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** JSON lines (default, for collectors) or `pretty` (coloured, for a human at a terminal). */
  logFormat: 'json' | 'pretty';
  /** Port of this process's unauthenticated Prometheus `/metrics` listener; 0 = off. */
  metricsPort: number;
  /** The longest time window any read of telemetry may span (evaluation, quality, training), in days. */
  maxLookbackDays: number;
  /**
   * Hourly rollups written with every chunk (default). Off only to measure what they cost or to
   * load a large history fast and back-fill with `fleetgate rollups rebuild`: readers then
   * summarise the days without a rollup from raw samples (correct, slower).
   */
  rollupsAtIngest: boolean;
  /**
   * What the evaluation reads where both would give the same figures: `rollups` (default; the
   * hourly rollups, for un-normalised models whose windows and period are whole hours) or
   * `samples` (always the raw samples — the reference the equivalence test compares against).
   */
  evaluationReads: 'rollups' | 'samples';
  /**
   * Raw samples are kept this many whole UTC days before today (0, the default: for ever); older
   * days keep only their hourly rollups. Applied by every worker at start and hourly, and by
   * `fleetgate rollups prune-raw`.
   */
  rawRetentionDays: number;
  /** Worker lock settings; tests shorten them so a killed worker's job is picked up fast. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** How often the reconciler re-creates queued work the database implies (runs whose jobs Redis lost). */
  reconcileIntervalMs: number;
  /** A run younger than this is left alone by the reconciler (its api may still be enqueueing it). */
  reconcileGraceMs: number;
  /** How long a job keeps retrying PostgreSQL/Redis connection errors before they count as a real failure. */
  infraRetryMs: number;
  /** How often production scoring runs a round (FLEETGATE_SCORING_INTERVAL: `15m`, `30s`, `2h` or ms). */
  scoringIntervalMs: number;
  apiUrl: string;
  apiToken: string | undefined;
  /** The MQTT broker live telemetry arrives through (ingest) and the simulated fleet publishes to. */
  mqttUrl: string;
  /** The ingest's fixed client id: with a persistent session the broker keeps its messages while it is down. */
  mqttClientId: string;
  /** Topics are `<prefix>/<asset id>`. */
  mqttTopicPrefix: string;
  /** How long the broker keeps the ingest's session (and queues its messages) while it is disconnected. */
  mqttSessionExpirySeconds: number;
  /** Keys the HMAC over the audit chain's head; never stored in the database. */
  auditKey: string;
  /** True when FLEETGATE_AUDIT_KEY is unset and the published development key is in use. */
  auditKeyIsDefault: boolean;
  /** Webhook delivery (libs/webhooks): attempts per event before the hook pauses, backoff base and cap, request timeout. */
  webhookMaxAttempts: number;
  webhookBackoffMs: number;
  webhookBackoffCapMs: number;
  webhookTimeoutMs: number;
  /** How often each worker re-enqueues the head of every active hook's outbox (what Redis lost, what a resume released). */
  webhookPollMs: number;
  /** Lets webhook URLs point at loopback/private addresses (tests, closed networks); off by default. */
  webhookAllowPrivate: boolean;
}

/** Published, so it protects nothing: only for development and tests (production refuses it). */
export const DEV_AUDIT_KEY = 'fleetgate-development-audit-key-not-secret';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function clientId(env: Env): string {
  const id = env.FLEETGATE_MQTT_CLIENT_ID || 'fleetgate-ingest';
  // MQTT 3.1.1 guarantees client ids of 1–23 characters; brokers allow more, but keep it printable.
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(id)) throw new ConfigError('FLEETGATE_MQTT_CLIENT_ID', `expected 1–128 characters of A-Z a-z 0-9 _ . : -, got "${id}"`);
  return id;
}

function topicPrefix(env: Env): string {
  const prefix = env.FLEETGATE_MQTT_TOPIC_PREFIX || 'fleetgate/telemetry';
  if (/[#+]/.test(prefix) || prefix.endsWith('/') || prefix.startsWith('/'))
    throw new ConfigError('FLEETGATE_MQTT_TOPIC_PREFIX', `expected topic levels without wildcards or a leading/trailing "/", got "${prefix}"`);
  return prefix;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/** A duration as `<n>ms|s|m|h` or a bare number of ms, within [min, max] ms. */
function duration(env: Env, name: string, fallbackMs: number, minMs: number, maxMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackMs;
  const m = /^(\d+)(ms|s|m|h)?$/.exec(raw.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m?.[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  const value = m ? Number(m[1]) * unit : NaN;
  if (!(value >= minMs && value <= maxMs)) {
    throw new ConfigError(name, `expected a duration like 15m, 30s or 2h between ${minMs / 1000} s and ${maxMs / 3_600_000} h, got "${raw}"`);
  }
  return value;
}

function url(env: Env, name: string, fallback: string | undefined, protocols: string[]): string | undefined {
  const raw = env[name] || fallback;
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected ${protocols.join(' or ')} URL, got "${parsed.protocol}"`);
  }
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`);
}

function auditKey(env: Env): { auditKey: string; auditKeyIsDefault: boolean } {
  const raw = env.FLEETGATE_AUDIT_KEY;
  if (raw === undefined || raw === '') {
    if (env.NODE_ENV === 'production') throw new ConfigError('FLEETGATE_AUDIT_KEY', 'required when NODE_ENV=production (at least 32 characters)');
    return { auditKey: DEV_AUDIT_KEY, auditKeyIsDefault: true };
  }
  if (raw.length < 32) throw new ConfigError('FLEETGATE_AUDIT_KEY', `expected at least 32 characters, got ${raw.length}`);
  return { auditKey: raw, auditKeyIsDefault: false };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const logLevel = (env.LOG_LEVEL || 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected error, warn, log or debug, got "${logLevel}"`);
  }
  const logFormat = (env.LOG_FORMAT || 'json') as AppConfig['logFormat'];
  if (!['json', 'pretty'].includes(logFormat)) throw new ConfigError('LOG_FORMAT', `expected json or pretty, got "${logFormat}"`);
  const schema = env.DATABASE_SCHEMA || 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new ConfigError('DATABASE_SCHEMA', `expected a lower-case identifier, got "${schema}"`);
  }
  const workerConcurrency = int(env, 'WORKER_CONCURRENCY', 8, 1, 64);
  const prefix = env.FLEETGATE_QUEUE_PREFIX || 'fleetgate';
  if (prefix.includes(':')) throw new ConfigError('FLEETGATE_QUEUE_PREFIX', 'must not contain ":"');
  return {
    databaseUrl: url(env, 'DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    databaseSchema: schema,
    dataDir: path.resolve(env.FLEETGATE_DATA_DIR || './data'),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:'])!,
    queuePrefix: prefix,
    port: int(env, 'PORT', 3000, 0, 65535),
    workerConcurrency,
    assessmentThreads: int(env, 'FLEETGATE_ASSESSMENT_THREADS', Math.min(workerConcurrency, os.availableParallelism()), 0, 64),
    logLevel,
    logFormat,
    metricsPort: int(env, 'FLEETGATE_METRICS_PORT', 0, 0, 65535),
    maxLookbackDays: int(env, 'FLEETGATE_MAX_LOOKBACK_DAYS', 730, 1, 36_500),
    rollupsAtIngest: (env.FLEETGATE_ROLLUPS_AT_INGEST ?? '').trim() === '' || flag(env, 'FLEETGATE_ROLLUPS_AT_INGEST'),
    rawRetentionDays: int(env, 'FLEETGATE_RAW_RETENTION_DAYS', 0, 0, 36_500),
    evaluationReads: oneOf(env, 'FLEETGATE_EVALUATION_READS', ['rollups', 'samples'] as const, 'rollups'),
    lockDurationMs: int(env, 'FLEETGATE_LOCK_DURATION_MS', 30_000, 1000, 3_600_000),
    stalledIntervalMs: int(env, 'FLEETGATE_STALLED_INTERVAL_MS', 15_000, 500, 3_600_000),
    reconcileIntervalMs: int(env, 'FLEETGATE_RECONCILE_INTERVAL_MS', 30_000, 500, 3_600_000),
    reconcileGraceMs: int(env, 'FLEETGATE_RECONCILE_GRACE_MS', 10_000, 0, 3_600_000),
    infraRetryMs: int(env, 'FLEETGATE_INFRA_RETRY_MS', 600_000, 1000, 86_400_000),
    scoringIntervalMs: duration(env, 'FLEETGATE_SCORING_INTERVAL', 15 * 60_000, 1000, 24 * 3_600_000),
    apiUrl: url(env, 'FLEETGATE_URL', 'http://127.0.0.1:3000', ['http:', 'https:'])!,
    apiToken: env.FLEETGATE_TOKEN || undefined,
    mqttUrl: url(env, 'MQTT_URL', 'mqtt://127.0.0.1:1883', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:'])!,
    mqttClientId: clientId(env),
    mqttTopicPrefix: topicPrefix(env),
    mqttSessionExpirySeconds: int(env, 'FLEETGATE_MQTT_SESSION_EXPIRY_S', 7 * 86_400, 60, 4_294_967_295),
    ...auditKey(env),
    webhookMaxAttempts: int(env, 'FLEETGATE_WEBHOOK_MAX_ATTEMPTS', 8, 1, 100),
    webhookBackoffMs: int(env, 'FLEETGATE_WEBHOOK_BACKOFF_MS', 5000, 10, 3_600_000),
    webhookBackoffCapMs: int(env, 'FLEETGATE_WEBHOOK_BACKOFF_CAP_MS', 3_600_000, 10, 86_400_000),
    webhookTimeoutMs: int(env, 'FLEETGATE_WEBHOOK_TIMEOUT_MS', 10_000, 100, 300_000),
    webhookPollMs: int(env, 'FLEETGATE_WEBHOOK_POLL_MS', 5000, 100, 3_600_000),
    webhookAllowPrivate: flag(env, 'FLEETGATE_WEBHOOK_ALLOW_PRIVATE'),
  };
}
