import * as os from 'node:os';
import { ConfigError, DEV_AUDIT_KEY, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to embedded SQLite, local Redis and port 3000', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(3000);
    expect(config.maxLookbackDays).toBe(730);
    expect(config.dataDir.endsWith('data')).toBe(true);
  });

  it('evaluates from rollups unless FLEETGATE_EVALUATION_READS says samples, and names a bad value', () => {
    expect(loadConfig({}).evaluationReads).toBe('rollups');
    expect(loadConfig({ FLEETGATE_EVALUATION_READS: 'samples' }).evaluationReads).toBe('samples');
    expect(() => loadConfig({ FLEETGATE_EVALUATION_READS: 'raw' })).toThrow(/^FLEETGATE_EVALUATION_READS: expected one of rollups, samples, got "raw"/);
  });

  it('assesses on as many threads as jobs run at once, at most one per core, unless FLEETGATE_ASSESSMENT_THREADS says otherwise', () => {
    const cores = os.availableParallelism();
    expect(loadConfig({}).workerConcurrency).toBe(8);
    expect(loadConfig({}).assessmentThreads).toBe(Math.min(8, cores));
    expect(loadConfig({ WORKER_CONCURRENCY: '64' }).assessmentThreads).toBe(Math.min(64, cores));
    expect(loadConfig({ WORKER_CONCURRENCY: '1' }).assessmentThreads).toBe(1);
    expect(loadConfig({ FLEETGATE_ASSESSMENT_THREADS: '0' }).assessmentThreads).toBe(0);
    expect(loadConfig({ FLEETGATE_ASSESSMENT_THREADS: '3' }).assessmentThreads).toBe(3);
    expect(() => loadConfig({ FLEETGATE_ASSESSMENT_THREADS: 'many' })).toThrow(/^FLEETGATE_ASSESSMENT_THREADS: expected an integer/);
  });

  it('keeps hourly rollups at ingest unless FLEETGATE_ROLLUPS_AT_INGEST is false', () => {
    expect(loadConfig({}).rollupsAtIngest).toBe(true);
    expect(loadConfig({ FLEETGATE_ROLLUPS_AT_INGEST: 'false' }).rollupsAtIngest).toBe(false);
    expect(loadConfig({ FLEETGATE_ROLLUPS_AT_INGEST: '1' }).rollupsAtIngest).toBe(true);
    expect(loadConfig({}).rawRetentionDays).toBe(0);
    expect(loadConfig({ FLEETGATE_RAW_RETENTION_DAYS: '90' }).rawRetentionDays).toBe(90);
    expect(() => loadConfig({ FLEETGATE_RAW_RETENTION_DAYS: '-1' })).toThrow(/FLEETGATE_RAW_RETENTION_DAYS/);
    expect(() => loadConfig({ FLEETGATE_ROLLUPS_AT_INGEST: 'off' })).toThrow(/^FLEETGATE_ROLLUPS_AT_INGEST: expected true or false/);
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT: expected an integer');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL/);
    expect(() => loadConfig({ FLEETGATE_QUEUE_PREFIX: 'a:b' })).toThrow(/FLEETGATE_QUEUE_PREFIX/);
    expect(() => loadConfig({ FLEETGATE_MAX_LOOKBACK_DAYS: '0' })).toThrow(/^FLEETGATE_MAX_LOOKBACK_DAYS: expected an integer between 1 and 36500/);
  });

  it('takes the audit key from FLEETGATE_AUDIT_KEY; without it, the published development key (refused in production)', () => {
    expect(loadConfig({})).toMatchObject({ auditKey: DEV_AUDIT_KEY, auditKeyIsDefault: true });
    expect(loadConfig({ FLEETGATE_AUDIT_KEY: 'k'.repeat(32) })).toMatchObject({ auditKey: 'k'.repeat(32), auditKeyIsDefault: false });
    expect(() => loadConfig({ FLEETGATE_AUDIT_KEY: 'short' })).toThrow('FLEETGATE_AUDIT_KEY: expected at least 32 characters, got 5');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^FLEETGATE_AUDIT_KEY: required when NODE_ENV=production/);
  });

  it('takes a killed worker’s jobs back within lock + stalled interval (45 s) and reconciles every 30 s by default', () => {
    const config = loadConfig({});
    expect(config.lockDurationMs + config.stalledIntervalMs).toBe(45_000);
    expect(config.reconcileIntervalMs).toBe(30_000);
    expect(config.infraRetryMs).toBe(600_000);
    expect(() => loadConfig({ FLEETGATE_RECONCILE_INTERVAL_MS: '0' })).toThrow(/^FLEETGATE_RECONCILE_INTERVAL_MS/);
    expect(() => loadConfig({ FLEETGATE_INFRA_RETRY_MS: 'ten minutes' })).toThrow(/^FLEETGATE_INFRA_RETRY_MS/);
  });

  it('keeps the ingest’s MQTT session for 7 days by default; a session of under a minute is refused', () => {
    expect(loadConfig({}).mqttSessionExpirySeconds).toBe(604_800);
    expect(loadConfig({ FLEETGATE_MQTT_SESSION_EXPIRY_S: '3600' }).mqttSessionExpirySeconds).toBe(3600);
    expect(() => loadConfig({ FLEETGATE_MQTT_SESSION_EXPIRY_S: '0' })).toThrow(
      /^FLEETGATE_MQTT_SESSION_EXPIRY_S: expected an integer between 60 and 4294967295/,
    );
  });

  it('logs JSON lines unless LOG_FORMAT=pretty, and serves no metrics unless FLEETGATE_METRICS_PORT is set', () => {
    expect(loadConfig({})).toMatchObject({ logFormat: 'json', metricsPort: 0 });
    expect(loadConfig({ LOG_FORMAT: 'pretty', FLEETGATE_METRICS_PORT: '9464' })).toMatchObject({ logFormat: 'pretty', metricsPort: 9464 });
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT: expected json or pretty, got "xml"');
    expect(() => loadConfig({ FLEETGATE_METRICS_PORT: '70000' })).toThrow(/^FLEETGATE_METRICS_PORT: expected an integer between 0 and 65535/);
  });
  it('scores every 15 minutes by default; FLEETGATE_SCORING_INTERVAL takes 30s, 15m, 2h or ms, and names itself when wrong', () => {
    expect(loadConfig({}).scoringIntervalMs).toBe(900_000);
    expect(loadConfig({ FLEETGATE_SCORING_INTERVAL: '30s' }).scoringIntervalMs).toBe(30_000);
    expect(loadConfig({ FLEETGATE_SCORING_INTERVAL: '2h' }).scoringIntervalMs).toBe(7_200_000);
    expect(loadConfig({ FLEETGATE_SCORING_INTERVAL: '5000' }).scoringIntervalMs).toBe(5000);
    expect(() => loadConfig({ FLEETGATE_SCORING_INTERVAL: 'often' })).toThrow(/^FLEETGATE_SCORING_INTERVAL: expected a duration/);
    expect(() => loadConfig({ FLEETGATE_SCORING_INTERVAL: '0s' })).toThrow(/^FLEETGATE_SCORING_INTERVAL/);
    expect(() => loadConfig({ FLEETGATE_SCORING_INTERVAL: '25h' })).toThrow(/^FLEETGATE_SCORING_INTERVAL/);
  });

  it('refuses private webhook URLs unless FLEETGATE_WEBHOOK_ALLOW_PRIVATE=true, and retries a webhook event 8 times by default', () => {
    expect(loadConfig({})).toMatchObject({ webhookAllowPrivate: false, webhookMaxAttempts: 8, webhookBackoffMs: 5000, webhookTimeoutMs: 10_000 });
    expect(loadConfig({ FLEETGATE_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
    expect(() => loadConfig({ FLEETGATE_WEBHOOK_ALLOW_PRIVATE: 'yes please' })).toThrow(
      'FLEETGATE_WEBHOOK_ALLOW_PRIVATE: expected true or false, got "yes please"',
    );
    expect(() => loadConfig({ FLEETGATE_WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/^FLEETGATE_WEBHOOK_MAX_ATTEMPTS: expected an integer between 1 and 100/);
  });
});
