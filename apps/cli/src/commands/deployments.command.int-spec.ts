import request from 'supertest';
import { DataSource } from 'typeorm';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion } from '../../../api/src/gate/gate-test.fixtures';
import { runCommand } from '../cli-test.fixtures';
import { deploymentsCommand, webhooksCommand } from './deployments.command';

/** `deployments list|reinstate` and `webhooks add|list|deliveries` in-process against the real api, as each user. */
describe('deployments and webhooks CLI commands (via the api)', () => {
  let api: TestApi;

  async function cli(user: string, ...args: string[]): Promise<string> {
    process.env.FLEETGATE_URL = api.url;
    process.env.FLEETGATE_TOKEN = api.tokens[user];
    return (
      await runCommand((p) => {
        deploymentsCommand(p);
        webhooksCommand(p);
      }, args)
    ).stdout;
  }
  const json = async (user: string, ...args: string[]) => JSON.parse(await cli(user, ...args, '--json'));

  beforeAll(async () => {
    process.env.FLEETGATE_WEBHOOK_ALLOW_PRIVATE = 'true';
    api = await startApi();
    await importMachines(api.app, [
      ...['A1', 'A2'].map((a) => ({ assetId: `PLT1-${a}`, site: 'PLT1', machineModel: 'P200' })),
      { assetId: 'PLT2-B1', site: 'PLT2', machineModel: 'P200' },
    ]);
    const v1 = await insertVersion(api.app, 'pump', 1);
    const run = await insertRun(
      api.app,
      v1,
      ['PLT1-A1', 'PLT1-A2', 'PLT2-B1'].map((assetId) => ({ assetId, verdict: 'generalizes' as const, failures: 2, detected: 2 })),
    );
    const asked = await request(api.url)
      .post('/api/promotions')
      .set('authorization', `Bearer ${api.tokens.mle}`)
      .send({ modelVersionId: v1, targetStage: 'production', scope: 'validated-scope', evidenceRunId: run, justification: 'validated' })
      .expect(201);
    await request(api.url).post(`/api/promotions/${asked.body.id}/approve`).set('authorization', `Bearer ${api.tokens.rel}`).send({}).expect(200);
  });
  afterAll(async () => {
    delete process.env.FLEETGATE_WEBHOOK_ALLOW_PRIVATE;
    await api?.close();
  });

  it('lists deployments per machine (plant managers: their sites), shows a guard demotion and reinstates it', async () => {
    const all = await json('admin', 'deployments', 'list');
    expect(
      all.map((d: { assetId: string; model: string; version: number; stage: string; suspended: boolean }) => [
        d.assetId,
        `${d.model}@${d.version}`,
        d.stage,
        d.suspended,
      ]),
    ).toEqual([
      ['PLT1-A1', 'pump@1', 'production', false],
      ['PLT1-A2', 'pump@1', 'production', false],
      ['PLT2-B1', 'pump@1', 'production', false],
    ]);
    const a2 = all.find((d: { assetId: string }) => d.assetId === 'PLT1-A2').id as string;
    // What a breached alarm-rate guard leaves on the row (the guard itself is covered by test/scoring).
    await api.app
      .get(DataSource)
      .query(
        `UPDATE deployments SET suspended_at = $1, suspended_reason = 'alarm rate 12 per week above 3', suspension_kind = 'guard', guard_rule = 'alarm-rate', guard_value = 12, guard_limit = 3 WHERE id = $2`,
        [Date.now(), a2],
      );

    const table = await cli('rel', 'deployments', 'list', '--suspended');
    expect(table.trim().split('\n')).toHaveLength(2);
    expect(table).toMatch(/^PLT1-A2\s+pump@1\s+production\s+yes \(guard alarm-rate 12 > 3\): alarm rate 12 per week above 3/m);
    expect((await json('admin', 'deployments', 'list', '--machine', 'PLT2-B1')).map((d: { assetId: string }) => d.assetId)).toEqual(['PLT2-B1']);
    expect((await json('pm', 'deployments', 'list')).map((d: { assetId: string }) => d.assetId)).toEqual(['PLT1-A1', 'PLT1-A2']);
    await expect(cli('pm', 'deployments', 'list', '--site', 'PLT2')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('403') });

    await expect(cli('pm', 'deployments', 'reinstate', a2, '--note', 'x')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('403') });
    expect(await cli('rel', 'deployments', 'reinstate', a2, '--note', 'pump reseated, alarms were real and fixed')).toContain(`deployment ${a2} reinstated at`);
    expect(await cli('rel', 'deployments', 'list', '--suspended')).toBe('no deployments\n');
    await expect(cli('rel', 'deployments', 'reinstate', a2, '--note', 'again')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('409') });
  });

  it('adds a webhook (prints its id, never the secret), lists it and shows its delivery log', async () => {
    const secret = 'a-secret-of-sixteen+chars';
    const added = await cli(
      'admin',
      'webhooks',
      'add',
      '--url',
      'http://127.0.0.1:9/hook',
      '--events',
      'deployment.demoted, deployment.reinstated',
      '--secret',
      secret,
    );
    const id = /^webhook (\S+):/.exec(added)?.[1];
    expect(id).toBeDefined();
    expect(added).not.toContain(secret);
    const list = await cli('admin', 'webhooks', 'list');
    expect(list).toMatch(new RegExp(`^${id}\\s+http://127.0.0.1:9/hook\\s+deployment.demoted,deployment.reinstated\\s`, 'm'));
    expect(list).not.toContain(secret);
    expect(Array.isArray(await json('admin', 'webhooks', 'deliveries', id!))).toBe(true);

    await expect(cli('admin', 'webhooks', 'add', '--url', 'http://127.0.0.1:9/x', '--events', 'no.such-event', '--secret', secret)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('events'),
    });
    await expect(cli('rel', 'webhooks', 'list')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('403') });
  });
});
