import * as path from 'node:path';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { childEnv, CliResult, runCli, WorkerProcess } from '../evaluation/processes.util';

/**
 * The README's "Bring your own data" walkthrough, step by step, with the built CLI on the files
 * in docs/bring-your-own-data: if a command or an output it quotes changes, this fails.
 */
const DOCS = path.resolve(__dirname, '../../docs/bring-your-own-data');
const doc = (file: string): string => path.join(DOCS, file);

jest.setTimeout(300_000);

describe('bring your own data (the README walkthrough)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  let procEnv: NodeJS.ProcessEnv;
  const as = (token: string): NodeJS.ProcessEnv => ({ ...procEnv, FLEETGATE_URL: api.url, FLEETGATE_TOKEN: token });

  async function ok(args: string[], e: NodeJS.ProcessEnv = procEnv): Promise<CliResult> {
    const r = await runCli(args, e);
    if (r.code !== 0) throw new Error(`fleetgate ${args.join(' ')} exited with ${r.code}\n${r.stderr.slice(-2000)}`);
    return r;
  }

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    procEnv = childEnv(env);
    worker = new WorkerProcess(procEnv);
    await worker.waitUntilStarted();
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('imports a fleet with its own tag names and units, trains, and evaluates it', async () => {
    expect((await ok(['fleet', 'import', doc('fleet.csv')])).stdout).toMatch(/imported 3 machine\(s\)/);
    expect((await ok(['fleet', 'tags', 'CMP-01'])).stdout).toMatch(/Brg Temp \[F\] → UNMAPPED/);

    const admin = as(api.tokens.admin);
    const rules: Array<[string, string, string, string]> = [
      ['north.brg_temp', 'bearing_temp', '°F', 'Brg Temp [F]'],
      ['north.vib', 'vibration_rms', 'in/s', 'Vib (in/s)'],
      ['north.pressure', 'pressure', 'psi', 'Disch Press psi'],
      ['north.power', 'power', 'kW', 'Motor kW'],
    ];
    for (const [id, signal, unit, tag] of rules)
      await ok(['mapping', 'add-rule', '--id', id, '--signal', signal, '--unit', unit, '--exact', tag, '--site', 'NORTH'], admin);
    const tags = (await ok(['fleet', 'tags', 'CMP-01'])).stdout;
    expect(tags).toMatch(/Brg Temp \[F\] → bearing_temp \[°F → °C/);
    expect(tags).toMatch(/Vib \(in\/s\) → vibration_rms \[in\/s → mm\/s: ×25\.4\]/);
    expect(tags).not.toMatch(/UNMAPPED/);

    for (const m of ['CMP-01', 'CMP-02', 'CMP-03']) {
      const imported = await ok(['import', 'csv', '--format', 'wide', doc(`${m}.csv`), '--machine', m]);
      expect(imported.stdout).toMatch(/row\(s\) read, 0 refused/);
    }
    expect((await ok(['import', 'events', doc('events.csv')])).stdout).toMatch(/events: 5 new/);
    expect((await ok(['quality', 'CMP-02', '--lookback', '30d'])).stdout).toMatch(/bearing_temp/);

    const out = path.join(env.FLEETGATE_DATA_DIR, 'models', 'cmp-01');
    await ok(['train', '--machine', 'CMP-01', '--lookback', '21d', '--task', 'anomaly-score', '--out', out]);
    expect((await ok(['models', 'register', path.join(out, 'model.onnx')], as(api.tokens.mle))).stdout).toMatch(/registered cmp-01-anomaly-score@1/);

    const rel = as(api.tokens.rel);
    const evaluated = await ok(['evaluate', 'cmp-01-anomaly-score@1', '--lookback', '21d', '--wait', '--json'], rel);
    const runId = (JSON.parse(evaluated.stdout) as { runId: string }).runId;
    const machines = (await ok(['evaluations', 'machines', runId], rel)).stdout;
    // The README's reading of this run: the pilot is training (never evidence), the other compressor generalizes, the hot one does not.
    expect(machines).toMatch(/CMP-01\s+done\s+training\s.*a training machine of this version/);
    expect(machines).toMatch(/CMP-02\s+done\s+generalizes/);
    expect(machines).toMatch(/CMP-03\s+done\s+out-of-domain.*bearing_temp/);
    // CMP-02's two error events are counted, never used as labels.
    expect(machines).toMatch(/CMP-02.*\b2 \(\d\)/);
  });
});
