import request from 'supertest';
import { DataSource } from 'typeorm';
import { DAY_MS, sha256Hex } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { fleetSchemaDrift, testFleet, toCsv } from './fleet-test-fleet.fixture';

jest.setTimeout(60_000);

const FLEET = testFleet(400);
const YEAR_MS = 365.25 * DAY_MS;

describe('fleet registry api (PostgreSQL)', () => {
  let api: TestApi;
  const as = (user: string) => ({ authorization: `Bearer ${api.tokens[user]}` });
  const machineCount = async () => (await request(api.url).get('/api/machines?limit=1').set(as('admin')).expect(200)).body.total as number;
  const tagsOf = async (assetId: string, version?: number) =>
    (
      await request(api.url)
        .get(`/api/machines/${encodeURIComponent(assetId)}/tags${version ? `?version=${version}` : ''}`)
        .set(as('admin'))
        .expect(200)
    ).body;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('has the fleet tables exactly as the entities describe them (no pending schema change)', async () => {
    expect(await fleetSchemaDrift(api.app.get(DataSource))).toEqual([]);
  });

  it('imports 400 machines in three tag conventions in one request, audited as one event', async () => {
    expect(await machineCount()).toBe(0);
    const started = Date.now();
    const res = await request(api.url)
      .post('/api/fleet/import')
      .set(as('admin'))
      .send({ format: 'csv', content: toCsv(FLEET) })
      .expect(201);
    process.stdout.write(`fleet import of 400 machines: ${Date.now() - started} ms\n`);
    expect(res.body).toEqual({ created: 400, sitesCreated: 3, linesCreated: 12 });
    expect(await machineCount()).toBe(400);

    const events = (await request(api.url).get('/api/audit?action=fleet.imported').set(as('admin')).expect(200)).body;
    expect(events).toHaveLength(1);
    const expectedHash = sha256Hex(
      FLEET.map((m) => m.assetId)
        .sort()
        .join('\n'),
    );
    expect(JSON.parse(events[0].payload)).toMatchObject({ created: 400, assetIdsSha256: expectedHash, sitesCreated: ['PLT1', 'PLT2', 'PLT3'] });
  });

  it('reads a machine back by asset id and by id, with its age', async () => {
    const m = FLEET[0];
    const byAsset = (await request(api.url).get(`/api/machines/${m.assetId}`).set(as('rel')).expect(200)).body;
    expect(byAsset).toMatchObject({ assetId: m.assetId, site: 'PLT1', line: m.line, machineModel: m.model, commissionedAt: m.commissionedAt, rawTags: m.tags });
    const expectedAge = (Date.now() - Date.parse(`${m.commissionedAt}T00:00:00Z`)) / YEAR_MS;
    expect(byAsset.ageYears).toBeCloseTo(expectedAge, 1);
    const byId = (await request(api.url).get(`/api/machines/${byAsset.id}`).set(as('rel')).expect(200)).body;
    expect(byId.assetId).toBe(m.assetId);
    await request(api.url).get('/api/machines/NOPE-0001').set(as('rel')).expect(404);
  });

  it('maps each convention to the canonical signal with the right conversion', async () => {
    const a = await tagsOf(FLEET.find((m) => m.site === 'PLT1')!.assetId);
    const brg = a.mapped.find((t: { rawTag: string }) => t.rawTag === 'P200_BRG_TEMP_F');
    expect(brg).toMatchObject({ signal: 'bearing_temp', rawUnit: '°F', unit: '°C' });
    // 212 °F = 100 °C and 32 °F = 0 °C.
    expect(212 * brg.conversion.scale + brg.conversion.offset).toBeCloseTo(100, 10);
    expect(32 * brg.conversion.scale + brg.conversion.offset).toBeCloseTo(0, 10);
    expect(a.mapped.find((t: { rawTag: string }) => t.rawTag === 'P200_PRES_PSI')).toMatchObject({
      signal: 'pressure',
      conversion: { scale: expect.closeTo(0.0689475729, 9), offset: 0 },
    });
    expect(a.unmapped).toEqual(['spare_04']);
    expect(a.mapped).toHaveLength(8);

    const c = await tagsOf(FLEET.find((m) => m.site === 'PLT3')!.assetId);
    expect(c.mapped.find((t: { rawTag: string }) => t.rawTag === 'Vibration (in/s)')).toMatchObject({
      signal: 'vibration_rms',
      conversion: { scale: 25.4, offset: 0 },
    });
    expect(c.mapped.find((t: { rawTag: string }) => t.rawTag === 'Bearing Temperature (°C)')).toMatchObject({ signal: 'bearing_temp', conversion: null });

    const b = await tagsOf(FLEET.find((m) => m.site === 'PLT2')!.assetId);
    expect(b.version).toBe(1);
    expect(b.mapped.find((t: { rawTag: string }) => t.rawTag === 'vib1')).toMatchObject({ signal: 'vibration_rms', unit: 'mm/s', conversion: null });
    expect(b.ambiguous).toEqual([]);
  });

  it('reports a tag claimed by two rules as ambiguous under the new version, and keeps the old version readable', async () => {
    const current = (await request(api.url).get('/api/mapping/rules').set(as('mle')).expect(200)).body;
    expect(current.version).toBe(1);
    const rules = [...current.rules, { id: 'site2.vib1-as-current', signal: 'motor_current', match: { exact: ['vib1'] }, unit: 'A' }];
    const saved = (await request(api.url).put('/api/mapping/rules').set(as('admin')).send({ rules, note: 'historian export mix-up' }).expect(200)).body;
    expect(saved).toMatchObject({ version: 2, createdBy: 'admin', note: 'historian export mix-up', ruleCount: current.rules.length + 1 });

    const plt2 = FLEET.find((m) => m.site === 'PLT2')!.assetId;
    const now = await tagsOf(plt2);
    expect(now.version).toBe(2);
    expect(now.ambiguous).toEqual([
      {
        rawTag: 'vib1',
        candidates: expect.arrayContaining([
          { ruleId: 'b.vibration_rms', signal: 'vibration_rms', rawUnit: 'mm/s' },
          { ruleId: 'site2.vib1-as-current', signal: 'motor_current', rawUnit: 'A' },
        ]),
      },
    ]);
    expect(now.mapped.map((t: { rawTag: string }) => t.rawTag)).not.toContain('vib1');

    const v1 = (await request(api.url).get('/api/mapping/rules/1').set(as('mle')).expect(200)).body;
    expect(v1.rules).toEqual(current.rules);
    expect(v1.sha256).toBe(current.sha256);
    expect((await tagsOf(plt2, 1)).mapped.find((t: { rawTag: string }) => t.rawTag === 'vib1').signal).toBe('vibration_rms');
    const versions = (await request(api.url).get('/api/mapping/versions').set(as('mle')).expect(200)).body;
    expect(versions.map((v: { version: number; createdBy: string }) => [v.version, v.createdBy])).toEqual([
      [1, 'system'],
      [2, 'admin'],
    ]);
    await request(api.url).get('/api/mapping/rules/9').set(as('mle')).expect(404);
  });

  it('refuses bad rules naming each bad field, and writes no version', async () => {
    const res = await request(api.url)
      .put('/api/mapping/rules')
      .set(as('admin'))
      .send({
        rules: [
          { id: 'r1', signal: 'oil_pressure', match: { exact: ['op'] }, unit: 'bar' },
          { id: 'r2', signal: 'bearing_temp', match: { pattern: '(' }, unit: 'bar' },
        ],
      })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['rules[0].signal', 'rules[1].unit', 'rules[1].match.pattern']),
    );
    await request(api.url).put('/api/mapping/rules').set(as('mle')).send({ rules: [] }).expect(403);
    expect((await request(api.url).get('/api/mapping/versions').set(as('mle')).expect(200)).body).toHaveLength(2);
  });

  it('refuses a fleet file with bad rows, listing every row and field, and writes nothing', async () => {
    const base = testFleet(406).slice(400);
    const bad = [
      { ...base[0], assetId: 'NEW-0001', site: 'PLT9' }, // good on its own, and its new site must not appear
      { ...base[1], assetId: '' },
      { ...base[2], assetId: 'NEW-0003', commissionedAt: '2999-01-01' },
      { ...base[3], assetId: 'NEW-0004', commissionedAt: '31/12/2019' },
      { ...base[4], assetId: FLEET[5].assetId },
      { ...base[5], assetId: 'NEW-0006', criticality: 'catastrophic' },
    ];
    const before = await machineCount();
    const res = await request(api.url)
      .post('/api/fleet/import')
      .set(as('admin'))
      .send({ format: 'csv', content: toCsv(bad) })
      .expect(422);
    expect(res.body.code).toBe('FLEET_INVALID_ROWS');
    expect(res.body.message).toContain('5 of 6 row(s) refused');
    expect(res.body.message).toMatch(
      /^fleet file refused, nothing was written: 5 of 6 row\(s\) refused — 1 × assetId: .* \(first at line 3\); 1 × commissionedAt: /,
    );
    expect(res.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'assetId'],
      [4, 'commissionedAt'],
      [5, 'commissionedAt'],
      [6, 'assetId'],
      [7, 'criticality'],
    ]);
    expect(res.body.errors[3].message).toContain('already registered');
    expect(await machineCount()).toBe(before);
    const sites = (await request(api.url).get('/api/sites').set(as('admin')).expect(200)).body;
    expect(sites.map((s: { name: string }) => s.name)).toEqual(['PLT1', 'PLT2', 'PLT3']);

    const json = await request(api.url)
      .post('/api/fleet/import')
      .set(as('admin'))
      .send({
        format: 'json',
        content: JSON.stringify([
          { assetId: 'J1', site: 'PLT1', machineModel: 'P200', manufacturer: 'Aquaron', commissionedAt: '2020-01-01', criticality: 'low', rawTags: [] },
        ]),
      })
      .expect(422);
    expect(json.body.message).toContain('all 1 row(s) refused');
    expect(json.body.errors).toEqual([expect.objectContaining({ row: 0, field: 'rawTags' })]);
    const malformed = await request(api.url).post('/api/fleet/import').set(as('admin')).send({ format: 'json', content: '[{' }).expect(400);
    expect(malformed.body.code).toBe('FLEET_INVALID_FILE');
  });

  it('lets only admins register machines, into existing sites, naming unknown fields', async () => {
    const body = {
      assetId: 'PLT1-P200-9001',
      site: 'PLT1',
      line: 'L1',
      machineModel: 'P200',
      manufacturer: 'Aquaron',
      commissionedAt: '2024-06-01',
      criticality: 'medium',
      rawTags: ['P200_VIB_01'],
    };
    const pm = await request(api.url).post('/api/machines').set(as('pm')).send(body).expect(403);
    expect(pm.body.code).toBe('AUTH_WRONG_ROLE');
    await request(api.url).post('/api/fleet/import').set(as('pm')).send({ format: 'csv', content: 'x' }).expect(403);
    const unknown = await request(api.url)
      .post('/api/machines')
      .set(as('admin'))
      .send({ ...body, colour: 'red' })
      .expect(400);
    expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'colour' })]));
    const noSite = await request(api.url)
      .post('/api/machines')
      .set(as('admin'))
      .send({ ...body, site: 'PLT7' })
      .expect(400);
    expect(noSite.body.code).toBe('FLEET_UNKNOWN_SITE');
    const created = (await request(api.url).post('/api/machines').set(as('admin')).send(body).expect(201)).body;
    expect(created).toMatchObject({ assetId: 'PLT1-P200-9001', site: 'PLT1', line: 'L1', criticality: 'medium' });
    await request(api.url).post('/api/machines').set(as('admin')).send(body).expect(400); // asset id already registered
  });

  it('limits a plant manager to the machines of their sites', async () => {
    const plt1 = FLEET.filter((m) => m.site === 'PLT1').length + 1; // + the machine registered above
    const list = (await request(api.url).get('/api/machines?limit=1000').set(as('pm')).expect(200)).body;
    expect(list.total).toBe(plt1);
    expect(new Set(list.items.map((m: { site: string }) => m.site))).toEqual(new Set(['PLT1']));
    expect((await request(api.url).get('/api/machines?sites=PLT2').set(as('pm')).expect(200)).body.total).toBe(0);
    const other = FLEET.find((m) => m.site === 'PLT2')!.assetId;
    // Another site's machine answers exactly as an unknown one: no existence oracle.
    const hidden = await request(api.url).get(`/api/machines/${other}`).set(as('pm')).expect(404);
    const unknown = await request(api.url).get('/api/machines/NO-SUCH-0001').set(as('pm')).expect(404);
    expect(hidden.body.code).toBe(unknown.body.code);
    expect(hidden.body.message).toBe(`machine ${other} not found (give its id or asset id)`);
    await request(api.url).get(`/api/machines/${other}/tags`).set(as('pm')).expect(404);
    const sites = (await request(api.url).get('/api/sites').set(as('pm')).expect(200)).body;
    expect(sites).toEqual([expect.objectContaining({ name: 'PLT1', machineCount: plt1 })]);
  });

  it('filters by site, model and age, and pages', async () => {
    const now = Date.now();
    const age = (d: string) => (now - Date.parse(`${d}T00:00:00Z`)) / YEAR_MS;
    const expected = FLEET.filter((m) => m.site !== 'PLT1' && m.model === 'K10' && age(m.commissionedAt) >= 5 && age(m.commissionedAt) <= 15)
      .map((m) => m.assetId)
      .sort();
    expect(expected.length).toBeGreaterThan(10);
    const res = (
      await request(api.url).get('/api/machines?sites=PLT2,PLT3&machineModels=K10&minAgeYears=5&maxAgeYears=15&limit=1000').set(as('rel')).expect(200)
    ).body;
    expect(res.items.map((m: { assetId: string }) => m.assetId)).toEqual(expected);
    const page = (
      await request(api.url).get('/api/machines?sites=PLT2,PLT3&machineModels=K10&minAgeYears=5&maxAgeYears=15&limit=5&offset=5').set(as('rel')).expect(200)
    ).body;
    expect(page).toMatchObject({ total: expected.length, limit: 5, offset: 5 });
    expect(page.items.map((m: { assetId: string }) => m.assetId)).toEqual(expected.slice(5, 10));
    const bad = await request(api.url).get('/api/machines?minAgeYears=old&colour=red').set(as('rel')).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['minAgeYears', 'colour']));
  });

  it('creates sites and lines (admin only), refusing duplicates', async () => {
    await request(api.url).post('/api/sites').set(as('pm')).send({ name: 'PLT4' }).expect(403);
    expect((await request(api.url).post('/api/sites').set(as('admin')).send({ name: 'PLT4' }).expect(201)).body).toMatchObject({
      name: 'PLT4',
      lines: [],
      machineCount: 0,
    });
    await request(api.url).post('/api/sites').set(as('admin')).send({ name: 'PLT4' }).expect(409);
    await request(api.url).post('/api/sites').set(as('admin')).send({ name: 'bad name/with slash' }).expect(400);
    expect((await request(api.url).post('/api/sites/PLT4/lines').set(as('admin')).send({ name: 'L1' }).expect(201)).body).toMatchObject({
      site: 'PLT4',
      name: 'L1',
    });
    await request(api.url).post('/api/sites/PLT4/lines').set(as('admin')).send({ name: 'L1' }).expect(409);
    await request(api.url).post('/api/sites/PLT8/lines').set(as('admin')).send({ name: 'L1' }).expect(404);
  });

  it('extends the signal catalog (admin only) and maps to the new signal', async () => {
    const catalog = (await request(api.url).get('/api/signals').set(as('mle')).expect(200)).body;
    expect(catalog.slice(0, 2).map((s: { name: string }) => s.name)).toEqual(['vibration_rms', 'bearing_temp']);
    expect(catalog.find((s: { name: string }) => s.name === 'pressure')).toMatchObject({ unit: 'bar', min: 0, max: 400, builtin: true });
    await request(api.url).post('/api/signals').set(as('mle')).send({ name: 'oil_temp', unit: '°C', min: -20, max: 150 }).expect(403);
    expect(
      (await request(api.url).post('/api/signals').set(as('admin')).send({ name: 'oil_temp', unit: 'degC', min: -20, max: 150 }).expect(201)).body,
    ).toMatchObject({ name: 'oil_temp', unit: '°C', builtin: false });
    await request(api.url).post('/api/signals').set(as('admin')).send({ name: 'oil_temp', unit: '°C', min: -20, max: 150 }).expect(400);
    await request(api.url).post('/api/signals').set(as('admin')).send({ name: 'gearbox_temp', unit: 'parsec', min: 0, max: 1 }).expect(400);
    const audit = (await request(api.url).get('/api/audit/verify').set(as('rel')).expect(200)).body;
    expect(audit.ok).toBe(true);
  });

  it('ensureMachines creates only what is missing, the same under two concurrent callers', async () => {
    const fleet = api.app.get(FleetService);
    const row = (assetId: string, site = 'PLT5') => ({
      assetId,
      site,
      line: 'L9',
      machineModel: 'P200',
      manufacturer: 'Aquaron',
      commissionedAt: '2022-02-02',
      criticality: 'low' as const,
      rawTags: ['vib1'],
    });
    const existing = { ...row(FLEET[1].assetId, 'PLT2'), machineModel: 'CHANGED' };
    const before = await machineCount();
    const [a, b] = await Promise.all([
      fleet.ensureMachines([row('ENS-1'), existing, row('ENS-2')], 'importer'),
      fleet.ensureMachines([row('ENS-2'), row('ENS-1'), existing], 'importer'),
    ]);
    expect(a.map((m) => m.assetId)).toEqual(['ENS-1', FLEET[1].assetId, 'ENS-2']);
    expect(b.map((m) => m.id)).toEqual([a[2].id, a[0].id, a[1].id]);
    expect(a[1].machineModel).toBe(FLEET[1].model); // existing machines are left as they are
    expect(a[0]).toMatchObject({ site: { name: 'PLT5' }, line: { name: 'L9' } });
    expect(await machineCount()).toBe(before + 2);
    const events = (await request(api.url).get('/api/audit?action=fleet.machines-ensured').set(as('admin')).expect(200)).body;
    const created = events.map((e: { payload: string }) => JSON.parse(e.payload));
    expect(created.reduce((n: number, p: { created: number }) => n + p.created, 0)).toBe(2);
    expect(created.flatMap((p: { sitesCreated: string[] }) => p.sitesCreated)).toEqual(['PLT5']);
  });
});
