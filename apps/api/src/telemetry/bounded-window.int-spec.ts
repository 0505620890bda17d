import request from 'supertest';
import { DataSource } from 'typeorm';
import { DAY_MS } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { TelemetryService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertVersion } from '../gate/gate-test.fixtures';

const ASSET = 'PLT1-WIN-01';
const MIN = 60_000;
const D0 = Date.UTC(2026, 2, 1);

/** Windows are bounded (FLEETGATE_MAX_LOOKBACK_DAYS, default 730) and refused before any telemetry is read. */
describe('bounded time windows (PostgreSQL)', () => {
  let api: TestApi;
  let versionId: string;
  let reads: jest.SpyInstance[];
  const call = (method: 'get' | 'post', path: string, user: string) =>
    request(api.url)[method](`/api${path}`).set('authorization', `Bearer ${api.tokens[user]}`);
  const quality = (query: string) => call('get', `/machines/${ASSET}/quality?${query}`, 'pm');
  const telemetryReads = () => reads.reduce((n, s) => n + s.mock.calls.length, 0);

  beforeAll(async () => {
    api = await startApi();
    await importMachines(api.app, [{ assetId: ASSET, site: 'PLT1', machineModel: 'W1' }]);
    const [machine] = await api.app.get(FleetService).listMachines({ assetIds: [ASSET] });
    // Two days of one-minute data.
    const values = Float32Array.from({ length: 2 * 1440 }, (_, i) => 1 + (i % 7) / 10);
    await api.app.get(TelemetryService).writeSeries(machine.id, { vibration_rms: { startMs: D0, intervalMs: MIN, values } }, 1);
    versionId = await insertVersion(api.app, 'winder', 1);
    await api.app.get(DataSource).query(`UPDATE model_versions SET profile_status = 'computed' WHERE id = $1`, [versionId]);
  });
  beforeEach(() => {
    const telemetry = api.app.get(TelemetryService);
    reads = (['readMachine', 'dataSpan', 'spanOf', 'latestEnd', 'seriesInfo'] as const).map((m) => jest.spyOn(telemetry, m));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await api?.close();
  });

  it('refuses a quality window in years outside 1970–2100, naming from and to, before reading any telemetry', async () => {
    const res = await quality('from=0001-01-01&to=9999-12-31').expect(400);
    expect(res.body.code).toBe('TELEMETRY_BAD_WINDOW');
    expect(res.body.errors).toEqual([{ field: 'from', message: expect.stringContaining('between 1970 and 2100') }]);
    expect((await quality('from=2026-01-01&to=2101-01-01').expect(400)).body.errors[0].field).toBe('to');
    expect(telemetryReads()).toBe(0);
  });

  it('refuses a 50-year quality window (from) and a 1000-day lookback (lookback), naming the field, before reading any telemetry', async () => {
    const long = await quality('from=1976-01-01&to=2026-01-01').expect(400);
    expect(long.body.errors).toEqual([{ field: 'from', message: 'window longer than 730 days' }]);
    expect(long.body.message).toContain('at most 730 days');
    const lookback = await quality('lookback=1000d').expect(400);
    expect(lookback.body.errors).toEqual([{ field: 'lookback', message: 'window longer than 730 days' }]);
    expect(telemetryReads()).toBe(0);
  });

  it("clips an accepted quality window to the machine's data", async () => {
    const res = await quality('from=2025-06-01&to=2027-01-01').expect(200);
    expect({ fromMs: res.body.fromMs, toMs: res.body.toMs }).toEqual({ fromMs: D0, toMs: D0 + 2 * DAY_MS });
    expect(res.body.signals[0]).toMatchObject({ signal: 'vibration_rms', coverage: 1 });
    // No period at all: the whole (short) span, at most the last 730 days.
    const all = await quality('').expect(200);
    expect({ fromMs: all.body.fromMs, toMs: all.body.toMs }).toEqual({ fromMs: D0, toMs: D0 + 2 * DAY_MS });
  });

  it('refuses a 200-year or year-9999 evaluation with 400 naming the field; no run is recorded and no telemetry read', async () => {
    const before = (await call('get', '/evaluations', 'mle').expect(200)).body;
    const start = (body: Record<string, unknown>) =>
      call('post', '/evaluations', 'mle').send({ modelVersionId: versionId, selection: { assetIds: [ASSET] }, ...body });
    const years = await start({ from: '1826-01-01', to: '2026-01-01' }).expect(400);
    expect(years.body.errors).toEqual([{ field: 'from', message: expect.stringContaining('between 1970 and 2100') }]);
    const long = await start({ from: '1970-01-01', to: '2026-01-01' }).expect(400);
    expect(long.body.errors).toEqual([{ field: 'from', message: 'window longer than 730 days' }]);
    const lookback = await start({ lookback: '1000d' }).expect(400);
    expect(lookback.body.errors).toEqual([{ field: 'lookback', message: 'window longer than 730 days' }]);
    expect(telemetryReads()).toBe(0);
    expect((await call('get', '/evaluations', 'mle').expect(200)).body).toEqual(before);
  });

  it('refuses in readMachine itself (the last guard) a span longer than the maximum, issuing no query', async () => {
    jest.restoreAllMocks();
    const [machine] = await api.app.get(FleetService).listMachines({ assetIds: [ASSET] });
    const queries = jest.spyOn(api.app.get(DataSource), 'query');
    await expect(api.app.get(TelemetryService).readMachine(machine.id, ['vibration_rms'], D0 - 800 * DAY_MS, D0)).rejects.toMatchObject({
      code: 'TELEMETRY_BAD_WINDOW',
      details: [{ field: 'window', message: 'window longer than 730 days' }],
    });
    expect(queries).not.toHaveBeenCalled();
    const ok = await api.app.get(TelemetryService).readMachine(machine.id, ['vibration_rms'], D0, D0 + DAY_MS);
    expect(ok.vibration_rms.values.length).toBe(1440);
  });
});
