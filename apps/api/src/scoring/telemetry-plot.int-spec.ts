import request from 'supertest';
import { DataSource } from 'typeorm';
import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { downsample } from '../../../../libs/scoring/src/plot/downsample.util';
import { TelemetryService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines } from '../gate/gate-test.fixtures';

const MIN = 60_000;
const T0 = Date.UTC(2026, 3, 1);
const DAYS = 30;

/**
 * The console's plot of a long range reads hourly rollups: the same min / max / mean per bucket as
 * the raw samples give (means within float rounding), gaps still null, and days stored before
 * rollups existed plotted all the same.
 */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('telemetry plot from hourly rollups on %s', (_name, sqlite) => {
  let api: TestApi;
  let telemetry: TelemetryService;
  let machineId: string;
  const signals = ['bearing_temp', 'speed'];

  beforeAll(async () => {
    api = await startApi({ sqlite });
    await importMachines(api.app, [{ assetId: 'PLOT-01', site: 'PLT1', machineModel: 'P200' }]);
    machineId = (await api.app.get(FleetService).getMachine('PLOT-01')).id;
    telemetry = api.app.get(TelemetryService);
    const series = Object.fromEntries(
      signals.map((s, k) => {
        const values = Float32Array.from({ length: DAYS * 1440 }, (_, i) => 40 + 10 * k + 3 * Math.sin(i / 211) + ((i * 48271) % 17) / 10);
        values.fill(NaN, 5 * 1440 + 100, 7 * 1440 + 20); // two days of downtime
        return [s, { startMs: T0, intervalMs: MIN, values }];
      }),
    );
    await telemetry.writeSeries(machineId, series, 1);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  async function expectPlotMatchesRaw(from: number, to: number, points: number): Promise<void> {
    const q = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&points=${points}`;
    const res = await request(api.url)
      .get(`/api/machines/PLOT-01/telemetry?${q}`)
      .set({ authorization: `Bearer ${api.tokens.pm}` })
      .expect(200);
    const plot = res.body as {
      from: string;
      bucketMs: number;
      t: string[];
      signals: Record<string, { min: Array<number | null>; max: Array<number | null>; mean: Array<number | null> }>;
    };
    expect(plot.bucketMs % HOUR_MS).toBe(0);
    expect(plot.t.length).toBeLessThanOrEqual(points);
    const start = Date.parse(plot.from);
    expect(start % HOUR_MS).toBe(0);
    // Whole hours: from the hour at or before `from` to the hour at or after `to` (the last bucket may be partial).
    const raw = await telemetry.readMachine(machineId, signals, start, Math.ceil(to / HOUR_MS) * HOUR_MS);
    for (const s of signals) {
      const expected = downsample(raw[s], start, plot.bucketMs, plot.t.length);
      expect(plot.signals[s].min).toEqual(expected.min);
      expect(plot.signals[s].max).toEqual(expected.max);
      expect(plot.signals[s].mean.map((m) => m === null)).toEqual(expected.mean.map((m) => m === null));
      plot.signals[s].mean.forEach((m, b) => m !== null && expect(Math.abs(m - expected.mean[b]!)).toBeLessThan(1e-9));
      expect(plot.signals[s].mean.filter((m) => m === null).length).toBeGreaterThan(0); // the downtime is a gap
    }
  }

  it('draws 30 days in whole-hour buckets equal to the raw downsample, the downtime as gaps', async () => {
    await expectPlotMatchesRaw(T0, T0 + DAYS * DAY_MS, 500);
    await expectPlotMatchesRaw(T0 + 17 * MIN, T0 + 12 * DAY_MS + 5 * MIN, 100); // unaligned: from the hour before
  });

  it('plots days stored before rollups existed from their samples, identically', async () => {
    await api.app.get(DataSource).query(`UPDATE telemetry_chunks SET hours = NULL WHERE day >= ${T0 + 10 * DAY_MS}`);
    await expectPlotMatchesRaw(T0, T0 + DAYS * DAY_MS, 500);
  });
});
