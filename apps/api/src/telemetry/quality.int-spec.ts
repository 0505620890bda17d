import request from 'supertest';
import { DAY_MS } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { IngestService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../../../../test/setup/harness';

describe('GET /api/machines/:id/quality', () => {
  let api: TestApi;
  const t0 = Date.UTC(2026, 0, 1);
  beforeAll(async () => {
    api = await startApi();
    const fleet = api.app.get(FleetService);
    const machines = await fleet.ensureMachines(
      ['PLT1', 'PLT2'].map((site) => ({
        assetId: `${site}-K10-0001`,
        site,
        machineModel: 'K10',
        manufacturer: 'Kessler Pumpen',
        commissionedAt: '2021-01-01',
        criticality: 'low' as const,
        rawTags: ['rpm', 'press'],
      })),
      'test',
    );
    const n = 3 * 1440;
    const rpm = new Float32Array(n).map((_, i) => 1450 + Math.sin(i / 10) * 5);
    rpm.fill(NaN, 1000, 1600); // a 10 h gap
    const press = new Float32Array(n).fill(6.5); // a flat sensor
    for (const m of machines) {
      await api.app
        .get(IngestService)
        .ingestMachineSeries(m, { rpm: { startMs: t0, intervalMs: 60_000, values: rpm }, press: { startMs: t0, intervalMs: 60_000, values: press } });
    }
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  it('grades each signal over the look-back period of its data, with reasons', async () => {
    const res = await request(api.url).get('/api/machines/PLT1-K10-0001/quality?lookback=3d').set('authorization', `Bearer ${api.tokens.rel}`).expect(200);
    expect(res.headers.deprecation).toBeUndefined();
    expect(res.body).toMatchObject({ assetId: 'PLT1-K10-0001', fromMs: t0, toMs: t0 + 3 * DAY_MS, grade: 'unusable' });
    const bySignal = Object.fromEntries(res.body.signals.map((s: { signal: string }) => [s.signal, s]));
    expect(bySignal.pressure).toMatchObject({ flat: true, grade: 'unusable' });
    expect(bySignal.speed).toMatchObject({ expected: 4320, present: 3720, flat: false, gaps: { count: 1, longestMs: 600 * 60_000 }, grade: 'degraded' });
    expect(res.body.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^speed: longest gap 10.0 h/), expect.stringMatching(/^pressure: flat/)]));
  });

  it('lets a plant manager see only machines of their sites', async () => {
    await request(api.url).get('/api/machines/PLT1-K10-0001/quality').set('authorization', `Bearer ${api.tokens.pm}`).expect(200);
    // Another site's machine is not found, as an unknown one: its existence is not disclosed.
    const hidden = await request(api.url).get('/api/machines/PLT2-K10-0001/quality').set('authorization', `Bearer ${api.tokens.pm}`).expect(404);
    expect(hidden.body.message).toBe('machine PLT2-K10-0001 not found (give its id or asset id)');
  });

  it('still takes the deprecated window, and says so in the answer', async () => {
    const res = await request(api.url).get('/api/machines/PLT1-K10-0001/quality?window=1d').set('authorization', `Bearer ${api.tokens.rel}`).expect(200);
    expect(res.body).toMatchObject({ fromMs: t0 + 2 * DAY_MS, toMs: t0 + 3 * DAY_MS });
    expect(res.headers.deprecation).toBe('true');
    expect(res.headers.warning).toBe('299 - "window is deprecated; use lookback"');
  });

  it('answers 400 naming the field for a bad lookback, for lookback with window, and 404 for an unknown machine', async () => {
    const get = (query: string) => request(api.url).get(`/api/machines/PLT1-K10-0001/quality?${query}`).set('authorization', `Bearer ${api.tokens.rel}`);
    expect((await get('lookback=lots').expect(400)).body.errors).toEqual([
      { field: 'lookback', message: 'lookback must be a positive duration such as 90d, 12h or 2w' },
    ]);
    expect((await get('lookback=1d&window=1d').expect(400)).body.errors).toEqual([
      { field: 'window', message: 'window is a deprecated alias of lookback; give lookback only' },
    ]);
    await request(api.url).get('/api/machines/NOPE/quality').set('authorization', `Bearer ${api.tokens.rel}`).expect(404);
  });
});
