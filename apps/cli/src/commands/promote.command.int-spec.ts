import { Command } from 'commander';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion } from '../../../api/src/gate/gate-test.fixtures';
import { CliError } from '../cli-context';
import { auditCommand } from './audit.command';
import { coverageCommand } from './coverage.command';
import { promoteCommand } from './promote.command';

/** The gate commands in-process against the real api, as each user. */
describe('gate CLI commands (via the api)', () => {
  let api: TestApi;
  let v1: string;
  let run1: string;
  let out = '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-cli-'));

  async function cli(user: string, ...args: string[]): Promise<string> {
    process.env.FLEETGATE_URL = api.url;
    process.env.FLEETGATE_TOKEN = api.tokens[user];
    const program = new Command('fleetgate').exitOverride();
    for (const register of [promoteCommand, coverageCommand, auditCommand]) register(program);
    out = '';
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      await program.parseAsync(['node', 'fleetgate', ...args]);
    } finally {
      spy.mockRestore();
    }
    return out;
  }
  const json = async (user: string, ...args: string[]) => JSON.parse(await cli(user, ...args, '--json'));

  beforeAll(async () => {
    api = await startApi();
    await importMachines(api.app, [
      ...['A1', 'A2', 'A3', 'A4'].map((assetId) => ({ assetId: `PLT1-${assetId}`, site: 'PLT1', machineModel: 'P200' })),
      ...['B1', 'B2', 'B3'].map((assetId) => ({ assetId: `PLT2-${assetId}`, site: 'PLT2', machineModel: 'P200' })),
    ]);
    v1 = await insertVersion(api.app, 'pump', 1);
    run1 = await insertRun(api.app, v1, [
      ...['A1', 'A2', 'A3', 'A4'].map((a) => ({ assetId: `PLT1-${a}`, verdict: 'generalizes' as const, failures: 2, detected: 2 })),
      ...['B1', 'B2', 'B3'].map((a) => ({ assetId: `PLT2-${a}`, verdict: 'out-of-domain' as const })),
    ]);
  });
  afterAll(async () => {
    await api?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('promote → approve → coverage → bundle check → rollback', async () => {
    const human = await cli(
      'mle',
      'promote',
      'pump@1',
      '--to',
      'production',
      '--scope',
      'validated-scope',
      '--evidence',
      run1,
      '--justification',
      'PLT1 pumps validated',
    );
    expect(human).toMatch(/pump@1 pilot → production \(pending\)/);
    expect(human).toMatch(/^in-envelope\s+PASS/m);
    const requested = (await json('mle', 'promote', 'pump@1', '--to', 'production', '--scope', 'fleet', '--evidence', run1, '--justification', 'whole fleet'))
      .blocking;
    expect(requested).toEqual(['in-envelope']);
    const list = await request(api.url).get('/api/promotions?status=pending').set('authorization', `Bearer ${api.tokens.rel}`).expect(200);
    const scoped = list.body.find((p: { scope: { kind: string } }) => p.scope.kind === 'validated-scope').id;
    const fleet = list.body.find((p: { scope: { kind: string } }) => p.scope.kind === 'fleet').id;

    await expect(cli('rel', 'approve', fleet, '--waive', 'in-envelope=')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('in-envelope'),
    });
    await expect(cli('rel', 'approve', fleet, '--waive', 'in-envelope')).rejects.toThrow('--waive expects rule=justification');
    expect(await json('rel2', 'reject', fleet, '--reason', 'out-of-domain K-site pumps')).toMatchObject({ status: 'rejected' });
    expect(await json('rel', 'approve', scoped, '--owner', 'rel2')).toMatchObject({ status: 'approved', decision: { owner: 'rel2' } });

    const pm = await json('pm', 'coverage');
    expect(pm.machines.map((m: { assetId: string; covered: boolean }) => [m.assetId, m.covered])).toEqual([
      ['PLT1-A1', true],
      ['PLT1-A2', true],
      ['PLT1-A3', true],
      ['PLT1-A4', true],
    ]);
    await expect(cli('pm', 'coverage', '--site', 'PLT2')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('403') });
    expect(await cli('admin', 'coverage')).toContain('not covered (3): PLT2-B1, PLT2-B2, PLT2-B3');

    const bundle = (await request(api.url).get(`/api/model-versions/${v1}/evidence`).set('authorization', `Bearer ${api.tokens.rel}`).expect(200)).body;
    const file = path.join(dir, 'bundle.json');
    fs.writeFileSync(file, JSON.stringify(bundle));
    expect(await cli('rel', 'audit', 'verify', '--bundle', file)).toMatch(/verified: \d+ checks/);
    bundle.auditEvents[bundle.auditEvents.length - 1].actor = 'mallory';
    fs.writeFileSync(file, JSON.stringify(bundle));
    const broken = await cli('rel', 'audit', 'verify', '--bundle', file).catch((e: CliError) => e);
    expect(broken).toBeInstanceOf(CliError);
    expect((broken as CliError).exitCode).toBe(3);
    expect(out).toMatch(/^FAIL audit #\d+: .*content does not match its hash/m);

    expect(await json('rel', 'rollback', scoped)).toMatchObject({ status: 'rolled-back' });
    expect((await json('admin', 'coverage')).totals).toEqual({ machines: 7, covered: 0, notCovered: 7 });
  });

  it('audit verify also checks that deployments honour every approved promotion, and fails (exit 3) naming the one that is not', async () => {
    const post = (user: string, path: string, body: object) =>
      request(api.url).post(`/api${path}`).set('authorization', `Bearer ${api.tokens[user]}`).send(body);
    const assetIds = ['A1', 'A2', 'A3', 'A4'].map((a) => `PLT1-${a}`);
    const promotion = (
      await post('mle', '/promotions', {
        modelVersionId: v1,
        targetStage: 'production',
        scope: 'assets',
        assetIds,
        evidenceRunId: run1,
        justification: 'PLT1 rollout',
      }).expect(201)
    ).body.id;
    await post('rel', `/promotions/${promotion}/approve`, {}).expect(200);
    expect(await cli('rel', 'audit', 'verify')).toContain('deployments consistent: 1 approved promotion(s), 4 machine assignment(s)');

    // Planted: one machine of the approved promotion taken out of service with nothing explaining it.
    const ds = api.app.get(DataSource);
    await ds.query(`UPDATE deployments SET active = false WHERE promotion_id = $1 AND machine_id = (SELECT id FROM machines WHERE asset_id = 'PLT1-A2')`, [
      promotion,
    ]);
    const failed = await cli('rel', 'audit', 'verify').catch((e: CliError) => e);
    expect(failed).toBeInstanceOf(CliError);
    expect((failed as CliError).exitCode).toBe(3);
    expect((failed as CliError).message).toBe('deployments inconsistent with 1 approved promotion(s): see the list above');
    expect(out).toContain(`promotion ${promotion} (pump@1 production) on PLT1-A2: served by nothing`);
    await ds.query(`UPDATE deployments SET active = true WHERE promotion_id = $1`, [promotion]);
  });
});
