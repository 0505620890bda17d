import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { TestEnv } from '../setup/harness';
import { cliJson } from './processes.util';

/** The part of `simulate --truth` the tests grade against. */
export interface FleetTruthView {
  pilotAssetId: string;
  counts: { machines: number; inDomain: number; outOfDomain: number; failures: number };
  machines: Array<{
    assetId: string;
    inDomain: boolean;
    isPilot: boolean;
    missingSignals: string[];
    outOfDomainSignals: string[];
    failures: Array<{ failure: string; labelled: boolean }>;
  }>;
}

export interface SimFleet {
  truth: FleetTruthView;
  truthFile: string;
  modelDir: string;
  ms: { simulate: number; train: number };
}

/**
 * One simulated fleet in the test's own schema, through the operator CLI (the real ingest
 * path), and the pilot anomaly model trained on it with the CLI's trainer.
 */
export async function simulateAndTrain(env: TestEnv, childEnv: NodeJS.ProcessEnv, opts: { machines: number; days: number; seed: number }): Promise<SimFleet> {
  const truthFile = path.join(env.FLEETGATE_DATA_DIR, 'truth.json');
  const sim = await cliJson(
    ['simulate', '--machines', String(opts.machines), '--days', String(opts.days), '--seed', String(opts.seed), '--truth', truthFile],
    childEnv,
  );
  const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as FleetTruthView;
  const modelDir = path.join(env.FLEETGATE_DATA_DIR, 'models', 'pump-anomaly');
  const train = await cliJson(
    ['train', '--machine', truth.pilotAssetId, '--lookback', `${opts.days}d`, '--task', 'anomaly-score', '--out', modelDir, '--name', 'pump-anomaly'],
    childEnv,
  );
  return { truth, truthFile, modelDir, ms: { simulate: sim.ms, train: train.ms } };
}

/** Runs SQL in the test's schema (for planting faults the api cannot produce). */
export async function withSchema<T>(
  env: TestEnv,
  fn: (q: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${env.DATABASE_SCHEMA}"`);
    return await fn(async (sql, params) => (await client.query(sql, params as unknown[])).rows);
  } finally {
    await client.end();
  }
}

/** The part of `fleetgate grade --json` the tests read. */
export interface GradeView {
  machines: number;
  precision: { value: number; of: number; count: number };
  coverage: { value: number; of: number; count: number };
  borderline: { value: number; of: number; count: number };
  confusion: { inScopeWorks: number; inScopeFails: number; borderlineWorks: number; borderlineFails: number; keptOutWorks: number; keptOutFails: number };
  worksOnWithheldFailures: number;
  machinesGraded: Array<{ assetId: string; placement: string; verdict: string; works: boolean; reasons: string[]; detectedWithheld: number }>;
}
