import request from 'supertest';
import { startApi, TestApi } from '../../../../test/setup/harness';

jest.setTimeout(60_000);

/** A real fleet export rarely has every column: no manufacturer, no criticality, an age instead of a date. */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('fleet file without invented fields (%s)', (_name, sqlite) => {
  let api: TestApi;
  const as = (user: string) => ({ authorization: `Bearer ${api.tokens[user]}` });
  beforeAll(async () => {
    api = await startApi({ sqlite });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('imports machines without manufacturer or criticality, dated by their age at a reference date', async () => {
    const csv = [
      'asset_id,site,machine_model,age_years,age_at,raw_tags,rated_kw',
      'AZ-001,AZURE,model3,18,2015-12-31,volt|rotate|pressure|vibration,75',
      'AZ-002,AZURE,model4,4.5,2024-06-30,volt|rotate,',
    ].join('\n');
    const res = await request(api.url).post('/api/fleet/import').set(as('admin')).send({ format: 'csv', content: csv }).expect(201);
    expect(res.body).toEqual({ created: 2, sitesCreated: 1, linesCreated: 0 });

    const one = (await request(api.url).get('/api/machines/AZ-001').set(as('rel')).expect(200)).body;
    // 18 Julian years = 6574.5 days before 2015-12-31 → 1997-12-30T12:00Z → nearest day 1997-12-31.
    expect(one).toMatchObject({ manufacturer: null, criticality: null, commissionedAt: '1997-12-31', attributes: { rated_kw: 75 } });
    const two = (await request(api.url).get('/api/machines/AZ-002').set(as('rel')).expect(200)).body;
    expect(two).toMatchObject({ manufacturer: null, criticality: null, commissionedAt: '2019-12-30' });
    // The age filter works on the derived date: AZ-001 is over 25 years old now, AZ-002 under 10.
    const old = (await request(api.url).get('/api/machines?minAgeYears=25').set(as('rel')).expect(200)).body;
    expect(old.items.map((m: { assetId: string }) => m.assetId)).toEqual(['AZ-001']);
  });

  it('creates one machine through the api with an age and nothing else optional', async () => {
    const body = { assetId: 'AZ-003', site: 'AZURE', machineModel: 'model1', ageYears: 2, ageAt: '2025-01-01', rawTags: ['volt'] };
    const created = (await request(api.url).post('/api/machines').set(as('admin')).send(body).expect(201)).body;
    // 2 Julian years = 730.5 days before 2025-01-01 (2024 is a leap year) → 2023-01-01T12:00Z → rounds to 2023-01-02.
    expect(created).toMatchObject({ assetId: 'AZ-003', manufacturer: null, criticality: null, commissionedAt: '2023-01-02' });
  });

  it('refuses a row with neither a date nor an age, or with both, naming line and field; nothing is written', async () => {
    const csv = ['asset_id,site,machine_model,commissioned_at,age_years,raw_tags', 'AZ-010,AZURE,model3,,,volt', 'AZ-011,AZURE,model3,2020-01-01,3,volt'].join(
      '\n',
    );
    const res = await request(api.url).post('/api/fleet/import').set(as('admin')).send({ format: 'csv', content: csv });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors).toEqual([
      { line: 2, field: 'commissionedAt', message: 'commissioning date is missing (give commissionedAt, or ageYears with ageAt)' },
      { line: 3, field: 'ageYears', message: 'give the commissioning date or an age, not both' },
    ]);
    await request(api.url).get('/api/machines/AZ-010').set(as('rel')).expect(404);
  });
});
