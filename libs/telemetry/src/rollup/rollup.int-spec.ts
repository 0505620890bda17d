import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { DAY_MS, Series } from '@fleetgate/common';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { FleetModule, FleetService, MachineEntity } from '@fleetgate/fleet';
import { applyEnv, isolatedEnv } from '../../../../test/setup/harness';
import { decodeValues } from '../chunk/chunk.util';
import { TelemetryModule } from '../telemetry.module';
import { TelemetryService } from '../store/telemetry.service';
import { COMPACT_ROLLUP_BYTES, encodeRollup, PLOT_FIELDS, ROLLUP_BYTES, rollupDay, RollupField, RUNLESS_ROLLUP_BYTES } from './hourly-rollup.util';
import { assembleHours, HourlySeries } from './hourly-series.util';
import { RollupService } from './rollup.service';

const MIN = 60_000;
const D0 = Date.UTC(2026, 2, 1);

async function boot(sqlite: boolean, env = isolatedEnv({ sqlite })): Promise<INestApplicationContext> {
  applyEnv(env);
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, DbModule.forRoot({ migrate: true }), AuditModule, FleetModule, TelemetryModule],
  }).compile();
  return moduleRef.createNestApplication({ logger: false }).init();
}

async function oneMachine(app: INestApplicationContext, assetId: string): Promise<MachineEntity[]> {
  const machine = {
    assetId,
    site: 'S1',
    line: 'L1',
    machineModel: 'P200',
    manufacturer: 'Aquaron',
    commissionedAt: '2022-03-01',
    criticality: 'high' as const,
  };
  return app.get(FleetService).ensureMachines([{ ...machine, rawTags: ['TEMP'] }], 'test');
}

function wave(days: number, phase: number): Float32Array {
  return Float32Array.from({ length: days * 1440 }, (_, i) => 60 + 5 * Math.sin((i + phase) / 97) + ((i * 7919) % 13) / 10);
}

/**
 * Every stored rollup equals the one computed now from its chunk's raw samples (byte for byte),
 * and every chunk has one: what "exact, never drifting" means.
 */
async function expectRollupsMatchRaw(ds: DataSource, machineId: string): Promise<number> {
  const p = ds.options.type === 'postgres' ? ['$1'] : ['?'];
  const rows: Array<{ signal: string; day: string | number; start_ms: string | number; interval_ms: string | number; samples: Buffer; hours: Buffer | null }> =
    await ds.query(`SELECT signal, day, start_ms, interval_ms, samples, hours FROM telemetry_chunks WHERE machine_id = ${p[0]} ORDER BY signal, day`, [
      machineId,
    ]);
  for (const r of rows) {
    const day = rollupDay({ day: Number(r.day), startMs: Number(r.start_ms), intervalMs: Number(r.interval_ms), values: decodeValues(r.samples) });
    const expected = encodeRollup(day.hours, day);
    expect({ signal: r.signal, day: Number(r.day), hours: r.hours ? Buffer.from(r.hours).toString('hex') : null }).toEqual({
      signal: r.signal,
      day: Number(r.day),
      hours: expected.toString('hex'),
    });
  }
  return rows.length;
}

/** The hourly read against hours computed from the raw read of the same window. */
async function expectHourlyMatchesRaw(telemetry: TelemetryService, machineId: string, signals: string[], fromMs: number, toMs: number): Promise<number> {
  const [{ series, fromRaw }, raw] = await Promise.all([
    telemetry.readHourly(machineId, signals, fromMs, toMs),
    telemetry.readMachine(machineId, signals, fromMs, toMs),
  ]);
  for (const s of signals) expect(comparable(series[s])).toEqual(comparable(fromRawSeries(raw[s], fromMs, toMs)));
  return fromRaw;
}

function fromRawSeries(s: Series, fromMs: number, toMs: number): HourlySeries {
  const days = [];
  for (let day = fromMs; day < toMs; day += DAY_MS) {
    const values = s.values.subarray((day - s.startMs) / s.intervalMs, (day + DAY_MS - s.startMs) / s.intervalMs);
    days.push(rollupDay({ day, startMs: day, intervalMs: s.intervalMs, values }));
  }
  return assembleHours(days, fromMs, toMs, s.intervalMs, s.startMs);
}

function comparable(s: HourlySeries): Record<string, number[]> {
  return Object.fromEntries(Object.entries(s.stats).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));
}

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('hourly rollups kept at ingest (%s)', (_name, sqlite) => {
  let app: INestApplicationContext;
  let telemetry: TelemetryService;
  let ds: DataSource;
  let machine: MachineEntity;
  const signals = ['bearing_temp', 'speed', 'vibration_rms'];

  beforeAll(async () => {
    app = await boot(sqlite);
    telemetry = app.get(TelemetryService);
    ds = app.get(DataSource);
    [machine] = await oneMachine(app, 'RL-0001');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('writes each day rollup with its chunk (bulk and small writes), exact against the raw samples', async () => {
    // 3 signals × 10 days = 30 fresh chunks: the bulk (COPY) path on PostgreSQL.
    const bulk = Object.fromEntries(signals.map((s, k) => [s, { startMs: D0, intervalMs: MIN, values: wave(10, k * 1000) }]));
    bulk.speed.values.fill(NaN, 3000, 3500); // a gap over several hours
    bulk.vibration_rms.values = bulk.vibration_rms.values.map(Math.round); // whole units: equal neighbours, runs kept
    await telemetry.writeSeries(machine.id, bulk, 1);
    // One more day of one signal: the small path.
    await telemetry.writeSeries(machine.id, { speed: { startMs: D0 + 10 * DAY_MS, intervalMs: MIN, values: wave(1, 5) } }, 1);
    expect(await expectRollupsMatchRaw(ds, machine.id)).toBe(31);
    expect(await expectHourlyMatchesRaw(telemetry, machine.id, signals, D0, D0 + 11 * DAY_MS)).toBe(0);
    // All three layouts were written and read back: runless days (every hour full, no value twice in
    // a row), compact ones (every hour full, whole units repeat) and the gap's days.
    const lengths: Array<{ n: string | number }> = await ds.query(
      `SELECT DISTINCT ${sqlite ? 'length' : 'octet_length'}(hours) AS n FROM telemetry_chunks WHERE machine_id = ${sqlite ? '?' : '$1'}`,
      [machine.id],
    );
    expect(lengths.map((r) => Number(r.n)).sort()).toEqual([RUNLESS_ROLLUP_BYTES, COMPACT_ROLLUP_BYTES, ROLLUP_BYTES].sort());
    // A projection (PostgreSQL picks each layout's offsets) reads the same values as the whole rows.
    const whole = (await telemetry.readHourly(machine.id, signals, D0, D0 + 11 * DAY_MS)).series;
    for (const fields of [PLOT_FIELDS, ['sumSq', 'ref', 'count', 'leadRun', 'longestRun'] as RollupField[]]) {
      const { series } = await telemetry.readHourly(machine.id, signals, D0, D0 + 11 * DAY_MS, { fields });
      for (const s of signals)
        for (const f of fields) expect({ s, f, values: Array.from(series[s].stats[f]) }).toEqual({ s, f, values: Array.from(whole[s].stats[f]) });
    }
    await expect(telemetry.readHourly(machine.id, signals, D0, D0 + DAY_MS, { fields: ['count', 'sum'] })).rejects.toThrow(/stored order/);
  });

  it('stays exact under replaced samples, late samples and a re-import, and an unaligned read takes whole hours', async () => {
    const replaced = Float32Array.from({ length: 90 }, (_, i) => 500 + i);
    await telemetry.writeSeries(machine.id, { bearing_temp: { startMs: D0 + 2 * DAY_MS + 30 * MIN, intervalMs: MIN, values: replaced } }, 1);
    // Late samples filling part of the earlier gap.
    const late = Float32Array.from({ length: 120 }, (_, i) => 70 + i / 100);
    const writes = await telemetry.writeSeries(machine.id, { speed: { startMs: D0 + 3100 * MIN, intervalMs: MIN, values: late } }, 1);
    expect(writes[0]).toMatchObject({ written: 120, replaced: 0 });
    // The same data again changes nothing (and writes nothing).
    const again = await telemetry.writeSeries(machine.id, { speed: { startMs: D0 + 3100 * MIN, intervalMs: MIN, values: late } }, 1);
    expect(again[0]).toMatchObject({ written: 0, duplicates: 120 });
    expect(await expectRollupsMatchRaw(ds, machine.id)).toBe(31);
    expect(await expectHourlyMatchesRaw(telemetry, machine.id, signals, D0 + DAY_MS, D0 + 4 * DAY_MS)).toBe(0);
    const { series } = await telemetry.readHourly(machine.id, ['bearing_temp'], D0 + 2 * DAY_MS + 30 * MIN, D0 + 2 * DAY_MS + 150 * MIN);
    expect(series.bearing_temp.startMs).toBe(D0 + 2 * DAY_MS);
    const max = Array.from(series.bearing_temp.stats.max);
    expect(max.slice(0, 2)).toEqual([529, 589]); // 00:30–00:59 and 01:00–01:59 replaced
    expect(max[2]).toBeLessThan(100); // 02:00 on: the stored wave
  });

  it('a refused write changes no rollup (one transaction)', async () => {
    const before = await ds.query('SELECT signal, day, hours FROM telemetry_chunks ORDER BY signal, day');
    // A valid change to one signal and samples off another's grid, in one write: all refused.
    const write = {
      bearing_temp: { startMs: D0 + DAY_MS, intervalMs: MIN, values: new Float32Array(60).fill(999) },
      speed: { startMs: D0 + DAY_MS, intervalMs: 5 * MIN, values: new Float32Array(10).fill(1) },
    };
    await expect(telemetry.writeSeries(machine.id, write, 1)).rejects.toThrow('incoming samples every 300000 ms do not fit it');
    expect(await ds.query('SELECT signal, day, hours FROM telemetry_chunks ORDER BY signal, day')).toEqual(before);
  });

  it('reads days stored before rollups from their raw samples, and `rebuild` stores the same bytes again, resumably', async () => {
    const before = await ds.query('SELECT signal, day, hours FROM telemetry_chunks ORDER BY signal, day');
    // Data stored before rollups existed: no rollup rows for some of the days.
    await ds.query(`UPDATE telemetry_chunks SET hours = NULL WHERE day >= ${D0 + 4 * DAY_MS}`);
    const rollups = app.get(RollupService);
    const missing = await rollups.missing('RL-0001');
    expect(missing).toBe(3 * 6 + 1);
    // Readers never see a gap: the missing days are summarised from raw on the way.
    expect(await expectHourlyMatchesRaw(telemetry, machine.id, signals, D0, D0 + 11 * DAY_MS)).toBe(missing);
    const progress: Array<[number, number]> = [];
    const result = await rollups.rebuild({ machine: 'RL-0001' }, (done, total) => progress.push([done, total]));
    expect(result).toEqual({ rollups: missing, machines: 1, remaining: 0 });
    expect(progress.at(-1)).toEqual([missing, missing]);
    expect(await ds.query('SELECT signal, day, hours FROM telemetry_chunks ORDER BY signal, day')).toEqual(before);
    expect(await expectHourlyMatchesRaw(telemetry, machine.id, signals, D0, D0 + 11 * DAY_MS)).toBe(0);
    // Nothing left: a second run does nothing.
    expect(await rollups.rebuild({})).toEqual({ rollups: 0, machines: 0, remaining: 0 });
  });
});

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('with rollups at ingest off (%s)', (_name, sqlite) => {
  let app: INestApplicationContext;

  afterAll(async () => {
    await app?.close();
    delete process.env.FLEETGATE_ROLLUPS_AT_INGEST;
  });

  it('writes no rollup, drops the one a changed day had, and readers stay exact until a rebuild', async () => {
    const env = isolatedEnv({ sqlite });
    applyEnv(env);
    // The first write keeps its rollups; then the same store is written with them off.
    app = await boot(sqlite, env);
    const telemetry = app.get(TelemetryService);
    const [machine] = await oneMachine(app, 'RL-OFF');
    await telemetry.writeSeries(machine.id, { speed: { startMs: D0, intervalMs: MIN, values: wave(3, 0) } }, 1);
    await app.close();
    process.env.FLEETGATE_ROLLUPS_AT_INGEST = 'false';
    app = await boot(sqlite, env);
    const off = app.get(TelemetryService);
    await off.writeSeries(machine.id, { speed: { startMs: D0 + DAY_MS, intervalMs: MIN, values: new Float32Array(60).fill(5) } }, 1); // changes day 1
    await off.writeSeries(machine.id, { speed: { startMs: D0 + 3 * DAY_MS, intervalMs: MIN, values: wave(2, 7) } }, 1); // new days 3 and 4
    const days = (await app.get(DataSource).query('SELECT day FROM telemetry_chunks WHERE hours IS NOT NULL ORDER BY day')).map((r: { day: string | number }) =>
      Number(r.day),
    );
    expect(days).toEqual([D0, D0 + 2 * DAY_MS]);
    expect(await expectHourlyMatchesRaw(off, machine.id, ['speed'], D0, D0 + 5 * DAY_MS)).toBe(3);
    expect(await app.get(RollupService).rebuild({})).toEqual({ rollups: 3, machines: 1, remaining: 0 });
    expect(await expectRollupsMatchRaw(app.get(DataSource), machine.id)).toBe(5);
  });
});
