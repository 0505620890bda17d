import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { FleetModule, FleetService, MachineEntity } from '@fleetgate/fleet';
import { applyEnv, isolatedEnv } from '../../../test/setup/harness';
import { CmapssImportService, CsvImportService, IngestService, QualityService, SimulateService, TelemetryModule, TelemetryService, cycleTime } from './index';

// The shared data folder sits beside the repository (in CI too).
const CMAPSS = path.resolve(__dirname, '../../../../shared/data/cmapss');
const ACTOR = 'test';
const MIN = 60_000;
const D0 = Date.UTC(2026, 0, 5);

async function boot(opts: { sqlite?: boolean } = {}): Promise<INestApplicationContext> {
  applyEnv(isolatedEnv(opts));
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, DbModule.forRoot({ migrate: true }), AuditModule, FleetModule, TelemetryModule],
  }).compile();
  return moduleRef.createNestApplication({ logger: false }).init();
}

function tmpFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-telemetry-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function countChunks(ds: DataSource): Promise<number> {
  return Number((await ds.query('SELECT COUNT(*) AS n FROM telemetry_chunks'))[0].n);
}

describe('telemetry store and importers (PostgreSQL)', () => {
  let app: INestApplicationContext;
  let fleet: FleetService;
  let telemetry: TelemetryService;
  let ds: DataSource;
  let pump: MachineEntity;

  beforeAll(async () => {
    app = await boot();
    fleet = app.get(FleetService);
    telemetry = app.get(TelemetryService);
    ds = app.get(DataSource);
    [pump] = await fleet.ensureMachines(
      [
        {
          assetId: 'PLT1-P200-0001',
          site: 'PLT1',
          line: 'L1',
          machineModel: 'P200',
          manufacturer: 'Aquaron',
          commissionedAt: '2022-03-01',
          criticality: 'high',
          rawTags: ['P200_BRG_TEMP_F', 'P200_RPM'],
        },
      ],
      ACTOR,
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  describe('idempotent writes', () => {
    it('stores the same samples once, replaces a newer value, converts units, records the mapping version', async () => {
      const ingest = app.get(IngestService);
      // 212 °F = 100 °C, 32 °F = 0 °C; a day and a bit of minute data across midnight
      const n = 1500;
      const temp = new Float32Array(n).map((_, i) => (i % 2 ? 212 : 32));
      const rpm = new Float32Array(n).map((_, i) => 1450 + (i % 10));
      rpm[3] = NaN;
      const raw = {
        P200_BRG_TEMP_F: { startMs: D0, intervalMs: MIN, values: temp },
        P200_RPM: { startMs: D0, intervalMs: MIN, values: rpm },
        P200_MYSTERY: { startMs: D0, intervalMs: MIN, values: rpm },
      };
      const first = await ingest.ingestMachineSeries(pump, raw);
      expect(first).toMatchObject({ written: 2 * n - 1, duplicates: 0, replaced: 0, mappingVersion: 1, unmapped: ['P200_MYSTERY'], rejectedSamples: n - 1 });
      expect(first.rejectedTags[0]).toMatchObject({ rawTag: 'P200_MYSTERY', reason: expect.stringContaining('unmapped') });
      const again = await ingest.ingestMachineSeries(pump, raw);
      expect(again).toMatchObject({ written: 0, duplicates: 2 * n - 1, replaced: 0 });
      expect(await countChunks(ds)).toBe(4); // 2 signals × 2 UTC days

      const changed = temp.slice();
      changed[10] = 50; // → 10 °C
      const third = await ingest.ingestMachineSeries(pump, { P200_BRG_TEMP_F: { startMs: D0, intervalMs: MIN, values: changed } });
      expect(third).toMatchObject({ written: 0, duplicates: n - 1, replaced: 1 });

      const read = await telemetry.readMachine(pump.id, ['bearing_temp', 'speed', 'flow'], D0, D0 + n * MIN);
      expect(Object.keys(read).sort()).toEqual(['bearing_temp', 'speed']);
      expect(read.bearing_temp.values.length).toBe(n);
      expect(read.bearing_temp.values[0]).toBeCloseTo(0, 4);
      expect(read.bearing_temp.values[1]).toBeCloseTo(100, 4);
      expect(read.bearing_temp.values[10]).toBeCloseTo(10, 4);
      expect(read.speed.values[3]).toBeNaN();
      expect(read.speed.values[1499]).toBe(1459);
      const info = await telemetry.seriesInfo(pump.id);
      expect(info.find((s) => s.signal === 'speed')).toMatchObject({
        intervalMs: MIN,
        firstMs: D0,
        lastMs: D0 + (n - 1) * MIN,
        sampleCount: n - 1,
        mappingVersion: 1,
      });
    });

    it('refuses samples on another interval for a stored series, listing them', async () => {
      const r = await app.get(IngestService).ingestMachineSeries(pump, { P200_RPM: { startMs: D0, intervalMs: 5 * MIN, values: Float32Array.from([1, 2]) } });
      expect(r.written).toBe(0);
      expect(r.rejectedTags).toEqual([expect.objectContaining({ rawTag: 'P200_RPM', samples: 2, reason: expect.stringContaining('every 60000 ms') })]);
    });
  });

  describe('CSV', () => {
    it('imports the good rows of a long CSV and lists each bad row with line and reason', async () => {
      const file = tmpFile(
        'long.csv',
        [
          'asset_id,timestamp,tag,value',
          'PLT1-P200-0001,2026-02-01T00:00:00Z,P200_RPM,1500',
          'PLT1-P200-0001,2026-02-01T00:01:00Z,P200_RPM,1501',
          'PLT1-P200-0001,yesterday,P200_RPM,1502',
          'PLT1-P200-0001,2026-02-01T00:03:00Z,P200_RPM,fast',
          'NOPE-1,2026-02-01T00:03:00Z,P200_RPM,1',
          'PLT1-P200-0001,2026-02-01T00:03:00Z,colour,3',
          'PLT1-P200-0001,2026-02-01T00:02:00Z,P200_RPM,1502',
          'PLT1-P200-0001,2026-02-01T00:03:00Z,P200_BRG_TEMP_F,212',
          'PLT1-P200-0001,2026-02-01T00:04:00Z,P200_BRG_TEMP_F,212',
        ].join('\n'),
      );
      const s = await app.get(CsvImportService).importCsv({ path: file }, { format: 'long' }, ACTOR);
      expect(s).toMatchObject({ rowsRead: 9, samplesWritten: 5, rejected: 4 });
      expect(s.rejections).toEqual([
        { line: 4, reason: 'bad timestamp "yesterday" (ISO-8601 or epoch ms)' },
        { line: 5, reason: 'non-numeric value "fast"' },
        { line: 6, reason: 'unknown asset "NOPE-1" (not in the fleet registry)' },
        { line: 7, column: 'colour', reason: expect.stringContaining('unmapped tag "colour"') },
      ]);
      const read = await telemetry.readMachine(pump.id, ['speed'], Date.UTC(2026, 1, 1), Date.UTC(2026, 1, 1, 0, 3));
      expect(Array.from(read.speed.values)).toEqual([1500, 1501, 1502]);
    });

    it('imports a wide CSV through small flushes (streaming path) with the same result as one flush', async () => {
      const lines = ['timestamp,P200_RPM,P200_BRG_TEMP_F,junk'];
      for (let i = 0; i < 300; i++) lines.push(`${new Date(Date.UTC(2026, 2, 1) + i * MIN).toISOString()},${1000 + i},${i % 3 ? '' : 100},${i}`);
      const file = tmpFile('wide.csv', lines.join('\n'));
      const s = await app.get(CsvImportService).importCsv({ path: file }, { format: 'wide', machine: pump.assetId, flushPerTag: 7, flushTotal: 20 }, ACTOR);
      expect(s).toMatchObject({ rowsRead: 300, samplesWritten: 400, duplicates: 0 });
      expect(s.rejections).toEqual([{ line: 1, column: 'junk', reason: expect.stringContaining('its 300 values were not imported') }]);
      const again = await app.get(CsvImportService).importCsv({ path: file }, { format: 'wide', machine: pump.assetId }, ACTOR);
      expect(again).toMatchObject({ samplesWritten: 0, duplicates: 400 });
    });

    it('refuses a binary or empty file and writes nothing', async () => {
      const before = await countChunks(ds);
      const csv = app.get(CsvImportService);
      const zip = tmpFile('data.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]));
      await expect(csv.importCsv({ path: zip }, { format: 'long' }, ACTOR)).rejects.toMatchObject({
        kind: 'invalid',
        message: expect.stringContaining('binary content'),
      });
      await expect(csv.importCsv({ path: tmpFile('empty.csv', '') }, { format: 'long' }, ACTOR)).rejects.toMatchObject({
        message: expect.stringContaining('the file is empty'),
      });
      await expect(csv.importCsv({ path: tmpFile('h.csv', 'when,what\n1,2\n') }, { format: 'long' }, ACTOR)).rejects.toMatchObject({
        message: expect.stringContaining('missing asset_id, timestamp, tag, value'),
      });
      await expect(app.get(CmapssImportService).importFile(tmpFile('train_FD009.txt', Buffer.from([0, 1, 2])), {}, ACTOR)).rejects.toMatchObject({
        kind: 'invalid',
      });
      expect(await countChunks(ds)).toBe(before);
    });
  });

  describe('C-MAPSS FD001', () => {
    it('imports train_FD001: 100 engines, 20,631 cycles, 100 labelled failures; re-import adds nothing', async () => {
      const cmapss = app.get(CmapssImportService);
      const s = await cmapss.importFile(path.join(CMAPSS, 'train_FD001.txt'), {}, ACTOR);
      expect(s).toMatchObject({ rowsRead: 20_631, machines: 100, samplesWritten: 20_631 * 24, rejected: 0, eventsWritten: 100, unmappedTags: {} });
      const e1 = await fleet.findByAssetId('FD001-001');
      expect(e1).toMatchObject({ manufacturer: 'NASA', machineModel: 'C-MAPSS-FD001' });
      // engine 1 runs 192 cycles: failure at the last one
      expect(await telemetry.events(e1!.id)).toEqual([expect.objectContaining({ kind: 'failure', ts: cycleTime(192) })]);
      const info = await telemetry.seriesInfo(e1!.id);
      expect(info).toHaveLength(24);
      expect(info.every((i) => i.intervalMs === HOUR_MS && i.sampleCount === 192)).toBe(true);

      const again = await cmapss.importFile(path.join(CMAPSS, 'train_FD001.txt'), {}, ACTOR);
      expect(again).toMatchObject({ samplesWritten: 0, duplicates: 20_631 * 24, eventsWritten: 0, eventsDuplicate: 100 });
    }, 120_000);

    it('flags the constant sensors as flat and none of the informative ones', async () => {
      const q = app.get(QualityService);
      const e1 = (await fleet.findByAssetId('FD001-001'))!;
      const period = (await q.resolvePeriod(e1.id, {}))!;
      const report = await q.quality(e1, period.fromMs, period.toMs);
      const flat = report.signals.filter((s) => s.flat).map((s) => s.signal);
      for (const k of [1, 5, 10, 16, 18, 19]) expect(flat).toContain(`cmapss_s${k}`);
      for (const k of [2, 3, 4, 7, 11, 12, 15, 17, 20, 21]) expect(flat).not.toContain(`cmapss_s${k}`);
      expect(report.signals.find((s) => s.signal === 'cmapss_s2')).toMatchObject({ coverage: 1, expected: 192 });
      expect(report.grade).toBe('unusable');
      expect(report.reasons).toContain(report.reasons.find((r) => r.startsWith('cmapss_s1: flat')));
    });

    it('records 100 true failure times from test_FD001 with RUL_FD001', async () => {
      const s = await app.get(CmapssImportService).importFile(path.join(CMAPSS, 'test_FD001.txt'), { rulPath: path.join(CMAPSS, 'RUL_FD001.txt') }, ACTOR);
      expect(s).toMatchObject({ rowsRead: 13_096, machines: 100, eventsWritten: 100 });
      // engine 1 of the test file stops at cycle 31; RUL_FD001 line 1 says 112 more cycles
      const t1 = (await fleet.findByAssetId('FD001-test-001'))!;
      expect(await telemetry.events(t1.id)).toEqual([expect.objectContaining({ kind: 'failure', ts: cycleTime(31 + 112) })]);
    }, 60_000);
  });
});

describe('simulate (PostgreSQL, two fresh schemas)', () => {
  async function runOnce(): Promise<{
    digest: string;
    truth: Awaited<ReturnType<SimulateService['simulate']>>['truth'];
    perSignal: Map<string, { present: number; expected: number }>;
  }> {
    const app = await boot();
    try {
      const { truth, summary } = await app.get(SimulateService).simulate({ machines: 6, days: 3, seed: 11 }, ACTOR);
      expect(summary.samplesWritten).toBe(truth.counts.presentSamples);
      const ds = app.get(DataSource);
      const rows: Array<{ asset_id: string; signal: string; day: string; samples: Buffer }> = await ds.query(
        'SELECT m.asset_id, c.signal, c.day, c.samples FROM telemetry_chunks c JOIN machines m ON m.id = c.machine_id ORDER BY m.asset_id, c.signal, c.day',
      );
      const hash = createHash('sha256');
      for (const r of rows) hash.update(`${r.asset_id}|${r.signal}|${r.day}|`).update(r.samples);
      const perSignal = new Map<string, { present: number; expected: number }>();
      const telemetry = app.get(TelemetryService);
      const fleet = app.get(FleetService);
      const start = Date.parse(truth.start);
      for (const m of truth.machines) {
        const machine = (await fleet.findByAssetId(m.assetId))!;
        const series = await telemetry.readMachine(machine.id, Object.keys(m.samples), start, start + truth.days * DAY_MS);
        for (const [signal, s] of Object.entries(series)) {
          let present = 0;
          for (const v of s.values) if (v === v) present++;
          perSignal.set(`${m.assetId}/${signal}`, { present, expected: s.values.length });
        }
      }
      return { digest: hash.digest('hex'), truth, perSignal };
    } finally {
      await app.close();
    }
  }

  it('stores exactly the truth file’s sample counts and gaps, identically on a second run', async () => {
    const a = await runOnce();
    for (const m of a.truth.machines) {
      for (const [signal, counts] of Object.entries(m.samples)) {
        const got = a.perSignal.get(`${m.assetId}/${signal}`);
        expect({ key: `${m.assetId}/${signal}`, present: got?.present, missing: got ? got.expected - got.present : undefined }).toEqual({
          key: `${m.assetId}/${signal}`,
          ...counts,
        });
      }
    }
    const b = await runOnce();
    expect(b.digest).toBe(a.digest);
  }, 180_000);
});

describe('telemetry store (SQLite)', () => {
  it('merges idempotently and reads back the same window', async () => {
    const app = await boot({ sqlite: true });
    try {
      const [m] = await app.get(FleetService).ensureMachines(
        [
          {
            assetId: 'PLT3-X5-0001',
            site: 'PLT3',
            machineModel: 'X5',
            manufacturer: 'Xylo Fluidtech',
            commissionedAt: '2020-05-01',
            criticality: 'low',
            rawTags: ['Vibration (in/s)'],
          },
        ],
        ACTOR,
      );
      const values = new Float32Array(2000).map((_, i) => (i === 7 ? NaN : 0.1 + (i % 5) * 0.01));
      const raw = { 'Vibration (in/s)': { startMs: D0, intervalMs: MIN, values } };
      const ingest = app.get(IngestService);
      expect(await ingest.ingestMachineSeries(m, raw)).toMatchObject({ written: 1999, duplicates: 0 });
      expect(await ingest.ingestMachineSeries(m, raw)).toMatchObject({ written: 0, duplicates: 1999 });
      const read = await app.get(TelemetryService).readMachine(m.id, ['vibration_rms'], D0, D0 + 2000 * MIN);
      // in/s → mm/s is × 25.4
      expect(read.vibration_rms.values[1]).toBeCloseTo(0.11 * 25.4, 4);
      expect(read.vibration_rms.values[7]).toBeNaN();
      expect(read.vibration_rms.values.length).toBe(2000);
    } finally {
      await app.close();
    }
  }, 60_000);
});
