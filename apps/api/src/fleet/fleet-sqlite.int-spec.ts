import request from 'supertest';
import { DataSource } from 'typeorm';
import { FleetRow, FleetService } from '@fleetgate/fleet';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { fleetSchemaDrift, testFleet } from './fleet-test-fleet.fixture';

jest.setTimeout(60_000);

describe('fleet registry api (SQLite smoke)', () => {
  let api: TestApi;
  const as = (user: string) => ({ authorization: `Bearer ${api.tokens[user]}` });

  beforeAll(async () => {
    api = await startApi({ sqlite: true });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('has the fleet tables exactly as the entities describe them (no pending schema change)', async () => {
    expect(await fleetSchemaDrift(api.app.get(DataSource))).toEqual([]);
  });

  it('imports a small JSON fleet and reads it back, tags included', async () => {
    const machines = testFleet(12).map((m) => ({
      assetId: m.assetId,
      site: m.site,
      line: m.line,
      machineModel: m.model,
      manufacturer: m.manufacturer,
      commissionedAt: m.commissionedAt,
      criticality: m.criticality,
      attributes: { ratedKw: 55, fluid: 'water' },
      rawTags: m.tags,
    }));
    const res = await request(api.url)
      .post('/api/fleet/import')
      .set(as('admin'))
      .send({ format: 'json', content: JSON.stringify({ machines }) })
      .expect(201);
    expect(res.body).toEqual({ created: 12, sitesCreated: 3, linesCreated: 3 });

    const list = (await request(api.url).get('/api/machines').set(as('rel')).expect(200)).body;
    expect(list.total).toBe(12);
    expect(list.items.map((m: { assetId: string }) => m.assetId)).toEqual(machines.map((m) => m.assetId).sort());
    const one = (await request(api.url).get(`/api/machines/${machines[2].assetId}`).set(as('rel')).expect(200)).body;
    expect(one).toMatchObject({ site: 'PLT3', attributes: { ratedKw: 55, fluid: 'water' }, rawTags: machines[2].rawTags });

    const tags = (await request(api.url).get(`/api/machines/${machines[2].assetId}/tags`).set(as('rel')).expect(200)).body;
    expect(tags.mapped.find((t: { rawTag: string }) => t.rawTag === 'Vibration (in/s)')).toMatchObject({
      signal: 'vibration_rms',
      conversion: { scale: 25.4, offset: 0 },
    });

    // The same rows again through ensureMachines: nothing new, the same machines back.
    const again = await api.app.get(FleetService).ensureMachines(machines as FleetRow[], 'test');
    expect(again.map((m) => m.id)).toEqual(machines.map((m) => list.items.find((x: { assetId: string }) => x.assetId === m.assetId).id));
    expect((await request(api.url).get('/api/machines').set(as('rel')).expect(200)).body.total).toBe(12);
  });

  it('refuses a bad file and writes nothing', async () => {
    const bad = [
      { assetId: 'X1', site: 'PLT1', machineModel: 'P200', manufacturer: 'Aquaron', commissionedAt: '2020-01-01', criticality: 'urgent', rawTags: ['vib1'] },
    ];
    const res = await request(api.url)
      .post('/api/fleet/import')
      .set(as('admin'))
      .send({ format: 'json', content: JSON.stringify(bad) })
      .expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 0, field: 'criticality' })]);
    expect((await request(api.url).get('/api/machines').set(as('rel')).expect(200)).body.total).toBe(12);
  });
});
