import request from 'supertest';
import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { RawRetentionService, TelemetryService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines } from '../gate/gate-test.fixtures';

const ASSET = 'PLT1-RET-01';
const MIN = 60_000;
/** Five whole days ending yesterday; raw retention keeps the last two. */
const D0 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 5 * DAY_MS;

describe('raw retention over the api (PostgreSQL)', () => {
  let api: TestApi;
  const telemetry = (from: number, to: number, points: number) =>
    request(api.url)
      .get(`/api/machines/${ASSET}/telemetry?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&points=${points}`)
      .set('authorization', `Bearer ${api.tokens.pm}`);

  beforeAll(async () => {
    api = await startApi();
    await importMachines(api.app, [{ assetId: ASSET, site: 'PLT1', machineModel: 'W1' }]);
    const [machine] = await api.app.get(FleetService).listMachines({ assetIds: [ASSET] });
    const values = Float32Array.from({ length: 5 * 1440 }, (_, i) => 1 + (i % 7) / 10);
    await api.app.get(TelemetryService).writeSeries(machine.id, { vibration_rms: { startMs: D0, intervalMs: MIN, values } }, 1);
    expect(await api.app.get(RawRetentionService).prune({ olderThanDays: 2 })).toMatchObject({ pruned: 3 });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('plots pruned days from their rollups, refuses a sample-level plot of one (409, naming signal and day), and plots recent samples', async () => {
    // Five days in 60 points: hourly-or-longer buckets, read from the rollups, pruned days included.
    const long = await telemetry(D0, D0 + 5 * DAY_MS, 60).expect(200);
    const plotted = long.body.signals.vibration_rms;
    expect(long.body.bucketMs).toBe(2 * HOUR_MS);
    // Every bucket holds samples (the stored wave runs 1.0–1.6), the pruned first three days too.
    expect(plotted.min).toHaveLength(60);
    expect(plotted.min.every((v: number | null) => v === 1)).toBe(true);
    expect(plotted.max.every((v: number | null) => Math.abs(v! - 1.6) < 1e-6)).toBe(true);
    // Two hours of a pruned day in 120 points: one-minute buckets need its raw samples.
    const short = await telemetry(D0 + DAY_MS, D0 + DAY_MS + 2 * HOUR_MS, 120).expect(409);
    expect(short.body.code).toBe('TELEMETRY_RAW_PRUNED');
    expect(short.body.message).toContain(`raw samples of vibration_rms on ${new Date(D0 + DAY_MS).toISOString().slice(0, 10)} were pruned`);
    await telemetry(D0 + 4 * DAY_MS, D0 + 4 * DAY_MS + 2 * HOUR_MS, 120).expect(200);
  });
});
