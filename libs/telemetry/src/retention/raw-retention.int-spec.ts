import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { DAY_MS } from '@fleetgate/common';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { FleetModule, FleetService, MachineEntity } from '@fleetgate/fleet';
import { applyEnv, isolatedEnv } from '../../../../test/setup/harness';
import { utcDay } from '../chunk/chunk.util';
import { HourlySeries } from '../rollup/hourly-series.util';
import { RollupService } from '../rollup/rollup.service';
import { TelemetryService } from '../store/telemetry.service';
import { TelemetryModule } from '../telemetry.module';
import { RawRetentionScheduler, RawRetentionService } from './raw-retention.service';

const MIN = 60_000;
/** Ten whole days of data ending with yesterday. */
const D0 = utcDay(Date.now()) - 10 * DAY_MS;
const SIGNALS = ['bearing_temp', 'speed'];

async function boot(sqlite: boolean, env = isolatedEnv({ sqlite }), scheduler = false): Promise<INestApplicationContext> {
  applyEnv(env);
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, DbModule.forRoot({ migrate: true }), AuditModule, FleetModule, TelemetryModule],
    providers: scheduler ? [RawRetentionScheduler] : [],
  }).compile();
  return moduleRef.createNestApplication({ logger: false }).init();
}

async function machineWithTenDays(app: INestApplicationContext, assetId: string): Promise<MachineEntity> {
  const [machine] = await app.get(FleetService).ensureMachines(
    [
      {
        assetId,
        site: 'S1',
        line: 'L1',
        machineModel: 'P200',
        manufacturer: 'Aquaron',
        commissionedAt: '2022-03-01',
        criticality: 'high',
        rawTags: ['TEMP'],
      },
    ],
    'test',
  );
  const values = (k: number) => Float32Array.from({ length: 10 * 1440 }, (_, i) => 60 + k + 5 * Math.sin(i / 97) + ((i * 7919) % 13) / 10);
  await app
    .get(TelemetryService)
    .writeSeries(machine.id, Object.fromEntries(SIGNALS.map((s, k) => [s, { startMs: D0, intervalMs: MIN, values: values(k) }])), 1);
  return machine;
}

const hex = (s: Record<string, HourlySeries>) =>
  Object.fromEntries(
    Object.entries(s).map(([signal, h]) => [signal, Object.fromEntries(Object.entries(h.stats).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]))]),
  );

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('raw retention (%s)', (_name, sqlite) => {
  let app: INestApplicationContext;
  let telemetry: TelemetryService;
  let retention: RawRetentionService;
  let ds: DataSource;
  let machine: MachineEntity;

  beforeAll(async () => {
    app = await boot(sqlite);
    telemetry = app.get(TelemetryService);
    retention = app.get(RawRetentionService);
    ds = app.get(DataSource);
    machine = await machineWithTenDays(app, 'RR-0001');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('prunes the raw samples of days before the horizon that have a rollup; their hours read exactly as before', async () => {
    const hoursBefore = hex((await telemetry.readHourly(machine.id, SIGNALS, D0, D0 + 10 * DAY_MS)).series);
    // A day stored before rollups (no hours) keeps its samples: pruning it would lose its hours.
    await ds.query(`UPDATE telemetry_chunks SET hours = NULL WHERE signal = 'speed' AND day = ${D0}`);
    const result = await retention.prune({ olderThanDays: 4 });
    // Kept: today − 4 days onwards, i.e. the last 4 of the 10 days; 6 days × 2 signals older, one of them without hours.
    expect(result).toEqual({ before: new Date(D0 + 6 * DAY_MS).toISOString().slice(0, 10), pruned: 11, machines: 1, keptWithoutRollup: 1 });
    expect(await retention.prunedDays('RR-0001')).toBe(11);
    expect(hex((await telemetry.readHourly(machine.id, SIGNALS, D0, D0 + 10 * DAY_MS)).series)).toEqual(hoursBefore);

    // After a rebuild the last old day has its rollup and goes too; a second run then finds nothing.
    await app.get(RollupService).rebuild({ machine: 'RR-0001' });
    expect(await retention.prune({ olderThanDays: 4 })).toMatchObject({ pruned: 1, keptWithoutRollup: 0 });
    expect(await retention.prune({ olderThanDays: 4 })).toMatchObject({ pruned: 0, machines: 0 });
    expect(hex((await telemetry.readHourly(machine.id, SIGNALS, D0, D0 + 10 * DAY_MS)).series)).toEqual(hoursBefore);
  });

  it('refuses a sample read that reaches a pruned day, naming signal and day; reads after the horizon work', async () => {
    const read = telemetry.readMachine(machine.id, SIGNALS, D0 + 5 * DAY_MS, D0 + 7 * DAY_MS);
    await expect(read).rejects.toMatchObject({ code: 'TELEMETRY_RAW_PRUNED', kind: 'conflict' });
    await expect(read).rejects.toThrow(`raw samples of bearing_temp on ${new Date(D0 + 5 * DAY_MS).toISOString().slice(0, 10)} were pruned`);
    const recent = await telemetry.readMachine(machine.id, SIGNALS, D0 + 6 * DAY_MS, D0 + 10 * DAY_MS);
    expect(recent.speed.values.length).toBe(4 * 1440);
    expect(recent.speed.values.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('refuses a write into a pruned day as a whole (nothing written), and takes writes after the horizon', async () => {
    const before = await ds.query('SELECT signal, day, samples, hours FROM telemetry_chunks ORDER BY signal, day');
    const write = {
      bearing_temp: { startMs: D0 + 9 * DAY_MS, intervalMs: MIN, values: new Float32Array(60).fill(99) },
      speed: { startMs: D0 + 2 * DAY_MS, intervalMs: MIN, values: new Float32Array(60).fill(1) },
    };
    await expect(telemetry.writeSeries(machine.id, write, 1)).rejects.toMatchObject({ code: 'TELEMETRY_RAW_PRUNED' });
    expect(await ds.query('SELECT signal, day, samples, hours FROM telemetry_chunks ORDER BY signal, day')).toEqual(before);
    const [ok] = await telemetry.writeSeries(machine.id, { bearing_temp: write.bearing_temp }, 1);
    expect(ok).toMatchObject({ replaced: 60 });
  });

  it('refuses a retention below one day (nothing pruned)', async () => {
    await expect(retention.prune({ olderThanDays: 0 })).rejects.toMatchObject({ code: 'TELEMETRY_BAD_OPTION' });
    await expect(retention.prune()).rejects.toThrow('keep at least 1 whole day'); // FLEETGATE_RAW_RETENTION_DAYS unset: 0, off
  });
});

describe('raw retention in a worker (FLEETGATE_RAW_RETENTION_DAYS)', () => {
  let app: INestApplicationContext | undefined;
  afterAll(async () => {
    await app?.close();
    delete process.env.FLEETGATE_RAW_RETENTION_DAYS;
  });

  it('applies the configured retention at start', async () => {
    const env = isolatedEnv({ sqlite: false });
    applyEnv(env);
    const plain = await boot(false, env);
    await machineWithTenDays(plain, 'RR-W');
    await plain.close();
    process.env.FLEETGATE_RAW_RETENTION_DAYS = '7';
    app = await boot(false, env, true);
    const retention = app.get(RawRetentionService);
    const deadline = Date.now() + 20_000;
    while ((await retention.prunedDays()) < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Days before today − 7: the first 3 of the 10, both signals.
    expect(await retention.prunedDays()).toBe(6);
  });
});
