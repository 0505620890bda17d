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
import {
  CmapssImportService,
  CsvImportService,
  EventsImportService,
  IngestService,
  QualityService,
  SimulateService,
  TelemetryModule,
  TelemetryService,
  cycleTime,
} from './index';

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

/** Every row an import could touch, counted: a refused import changes none of them. */
async function storeCounts(ds: DataSource): Promise<Record<'chunks' | 'samples' | 'series' | 'events' | 'audits' | 'machines', number>> {
  const [r] = await ds.query(
    `SELECT (SELECT COUNT(*) FROM telemetry_chunks) AS chunks, (SELECT COALESCE(SUM(sample_count), 0) FROM telemetry_series) AS samples,
            (SELECT COUNT(*) FROM telemetry_series) AS series, (SELECT COUNT(*) FROM events) AS events,
            (SELECT COUNT(*) FROM audit_events) AS audits, (SELECT COUNT(*) FROM machines) AS machines`,
  );
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as Record<
    'chunks' | 'samples' | 'series' | 'events' | 'audits' | 'machines',
    number
  >;
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

  describe('refused rows', () => {
    const DECIMAL_COMMA = '— a decimal comma? quote the value or use a point';

    it('refuses a wide CSV whose rows all disagree with the header (decimal commas, a short row): exit-2 error, no row changed', async () => {
      const before = await storeCounts(ds);
      const file = tmpFile(
        'comma.csv',
        ['timestamp,P200_RPM,P200_BRG_TEMP_F', '2026-04-01T00:00:00Z,1450,180,5', '2026-04-01T00:01:00Z,1451,181,5', '2026-04-01T00:02:00Z,1452'].join('\n'),
      );
      const refused = app.get(CsvImportService).importCsv({ path: file }, { format: 'wide', machine: pump.assetId }, ACTOR);
      await expect(refused).rejects.toMatchObject({
        kind: 'unprocessable',
        code: 'TELEMETRY_NOTHING_IMPORTED',
        message: `cannot import comma.csv: every row was refused (3 row(s) read, 3 rejection(s)); nothing was written — 2 × 4 cells, header has 3 ${DECIMAL_COMMA} (first at line 2); 1 × 2 cells, header has 3 — a missing value still needs its (empty) cell (first at line 4)`,
        details: [
          { line: 2, message: `4 cells, header has 3 ${DECIMAL_COMMA}` },
          { line: 3, message: `4 cells, header has 3 ${DECIMAL_COMMA}` },
          { line: 4, message: '2 cells, header has 3 — a missing value still needs its (empty) cell' },
        ],
      });
      expect(await storeCounts(ds)).toEqual(before);
    });

    it('imports the good rows of a partial wide CSV, refuses conflicting values on both lines, and writes exactly what it reports', async () => {
      const file = tmpFile(
        'partial.csv',
        [
          'timestamp,P200_RPM,P200_BRG_TEMP_F',
          '2026-04-02T00:00:00Z,1450,212',
          '2026-04-02T00:01:00Z,1451,212',
          '2026-04-02T00:02:00Z,1452,212',
          '2026-04-02T00:03:00Z,1453,212', // line 5: rpm disagrees with line 9
          '2026-04-02T00:04:00Z,1454,212',
          '2026-04-02T00:07:00Z,1457,212,5', // line 7: decimal comma
          '2026-04-02T00:02:00Z,1452,212', // line 8: exact duplicate of line 4, harmless
          '2026-04-02T00:03:00Z,1499,212', // line 9: rpm conflict; the same temperature is fine
          '2026-04-02T00:08:00Z,1458', // line 10: short row
          '2026-04-02T00:05:00Z,1455,212',
        ].join('\n'),
      );
      const before = await storeCounts(ds);
      const s = await app.get(CsvImportService).importCsv({ path: file }, { format: 'wide', machine: pump.assetId }, ACTOR);
      const conflict = 'conflicting values for "P200_RPM" at "2026-04-02T00:03:00.000Z": 1453 (line 5), 1499 (line 9); none imported';
      expect(s).toMatchObject({ rowsRead: 10, rowsRefused: 2, rejected: 4, samplesWritten: 11, duplicates: 3, replaced: 0 });
      expect(s.rejections).toEqual([
        { line: 7, reason: `4 cells, header has 3 ${DECIMAL_COMMA}` },
        { line: 10, reason: '2 cells, header has 3 — a missing value still needs its (empty) cell' },
        { line: 5, column: 'P200_RPM', reason: conflict },
        { line: 9, column: 'P200_RPM', reason: conflict },
      ]);
      expect(s.rejectedByReason.map((r) => [r.count, r.example])).toEqual([
        [1, `4 cells, header has 3 ${DECIMAL_COMMA}`],
        [1, '2 cells, header has 3 — a missing value still needs its (empty) cell'],
        [2, conflict],
      ]);
      const after = await storeCounts(ds);
      expect(after.samples - before.samples).toBe(s.samplesWritten);
      expect(after.audits - before.audits).toBe(1);
      const read = await telemetry.readMachine(pump.id, ['speed', 'bearing_temp'], Date.UTC(2026, 3, 2), Date.UTC(2026, 3, 2, 0, 9));
      // neither 1453 nor 1499 was picked; the refused rows (00:07, 00:08) left gaps
      expect(Array.from(read.speed.values)).toEqual([1450, 1451, 1452, NaN, 1454, 1455, NaN, NaN, NaN]);
      expect(Array.from(read.bearing_temp.values).map((v) => Math.round(v))).toEqual([100, 100, 100, 100, 100, 100, NaN, NaN, NaN]);
    });

    it('long CSV: refuses a conflicting sample on both its lines and a decimal comma, and refuses a file of nothing but bad rows', async () => {
      const csv = app.get(CsvImportService);
      const before = await storeCounts(ds);
      const s = await csv.importCsv(
        {
          text: [
            'asset_id,timestamp,tag,value',
            'PLT1-P200-0001,2026-04-03T00:00:00Z,P200_RPM,1500',
            'PLT1-P200-0001,2026-04-03T00:01:00Z,P200_RPM,1501',
            'PLT1-P200-0001,2026-04-03T00:01:00Z,P200_RPM,1601',
            'PLT1-P200-0001,2026-04-03T00:02:00Z,P200_RPM,15,02',
            'PLT1-P200-0001,2026-04-03T00:02:00Z,P200_RPM,1502',
            'PLT1-P200-0001,2026-04-03T00:03:00Z,P200_RPM,1503',
          ].join('\n'),
          name: 'long.csv',
        },
        { format: 'long' },
        ACTOR,
      );
      expect(s).toMatchObject({ rowsRead: 6, rowsRefused: 3, rejected: 3, samplesWritten: 3 });
      expect(s.rejections.map((r) => [r.line, r.reason])).toEqual([
        [5, `5 cells, header has 4 ${DECIMAL_COMMA}`],
        [3, 'conflicting values for "P200_RPM" at "2026-04-03T00:01:00.000Z": 1501 (line 3), 1601 (line 4); none imported'],
        [4, 'conflicting values for "P200_RPM" at "2026-04-03T00:01:00.000Z": 1501 (line 3), 1601 (line 4); none imported'],
      ]);
      expect((await storeCounts(ds)).samples - before.samples).toBe(3);

      const beforeBad = await storeCounts(ds);
      const bad = [
        'asset_id,timestamp,tag,value',
        'NOPE-1,2026-04-03T00:00:00Z,P200_RPM,1',
        'PLT1-P200-0001,soon,P200_RPM,1',
        'PLT1-P200-0001,2026-04-03T00:05:00Z,P200_RPM,1,5',
      ].join('\n');
      await expect(csv.importCsv({ text: bad, name: 'bad.csv' }, { format: 'long' }, ACTOR)).rejects.toMatchObject({
        kind: 'unprocessable',
        code: 'TELEMETRY_NOTHING_IMPORTED',
        details: [
          { line: 2, message: 'unknown asset "NOPE-1" (not in the fleet registry)' },
          { line: 3, message: 'bad timestamp "soon" (ISO-8601 or epoch ms)' },
          { line: 4, message: `5 cells, header has 4 ${DECIMAL_COMMA}` },
        ],
      });
      expect(await storeCounts(ds)).toEqual(beforeBad);
    });

    it('events: a file of refused rows fails and changes nothing; a partial one says how many rows it refused', async () => {
      const events = app.get(EventsImportService);
      const before = await storeCounts(ds);
      const bad = ['asset_id,timestamp,kind,component', 'PLT1-P200-0001,2026-04-04T00:00:00Z,explosion,seal', 'NOPE-1,2026-04-04T00:00:00Z,failure,seal'].join(
        '\n',
      );
      await expect(events.importEvents({ text: bad, name: 'events.csv' }, ACTOR)).rejects.toMatchObject({
        kind: 'unprocessable',
        code: 'TELEMETRY_NOTHING_IMPORTED',
        message: expect.stringContaining('every row was refused (2 row(s) read, 2 rejection(s))'),
        details: [expect.objectContaining({ line: 2 }), { line: 3, message: 'unknown asset "NOPE-1" (not in the fleet registry)' }],
      });
      expect(await storeCounts(ds)).toEqual(before);

      const s = await events.importEvents({ text: `${bad}\nPLT1-P200-0001,2026-04-04T00:00:00Z,failure,seal`, name: 'events.csv' }, ACTOR);
      expect(s).toMatchObject({ rowsRead: 3, rowsRefused: 2, eventsWritten: 1 });
      expect((await storeCounts(ds)).events - before.events).toBe(1);
    });

    it('reads labels and error events of two windows in one query, exactly as labelEvents and events read them apart', async () => {
      const t0 = Date.UTC(2027, 0, 1);
      const H = 3_600_000;
      const at = (hours: number, kind: 'failure' | 'maintenance' | 'error', code = '') => ({
        ts: t0 + hours * H,
        kind,
        component: 'seal',
        code,
        source: 'spec',
      });
      // On and around both windows' edges: labels [t0, t0 + 100 h), errors [t0 + 10 h, t0 + 90 h).
      await telemetry.addEvents(pump.id, [
        at(-1, 'failure'),
        at(0, 'maintenance'),
        at(9, 'error', 'E1'),
        at(10, 'error', 'E2'),
        at(10, 'failure'),
        at(50, 'error', 'E3'),
        at(89, 'error', 'E4'),
        at(90, 'error', 'E5'),
        at(99, 'failure'),
        at(100, 'maintenance'),
      ]);
      const labels = [t0, t0 + 100 * H] as const;
      const errors = [t0 + 10 * H, t0 + 90 * H] as const;
      const both = await telemetry.labelsAndErrors(pump.id, labels, errors);
      expect(both.labels).toEqual(await telemetry.labelEvents(pump.id, ...labels));
      expect(both.errors).toEqual(await telemetry.events(pump.id, ...errors, ['error']));
      expect(both.labels.map((e) => (e.ts - t0) / H)).toEqual([0, 10, 99]);
      expect(both.errors.map((e) => e.code)).toEqual(['E2', 'E3', 'E4']);
    });

    it('events: a row with more or fewer cells than the header is refused by line, not read into the wrong columns', async () => {
      const events = app.get(EventsImportService);
      const before = await storeCounts(ds);
      const text = [
        'asset_id,timestamp,kind,component,code',
        'PLT1-P200-0001,2026-04-05T00:00:00Z,failure,seal,',
        'PLT1-P200-0001,2026-04-06T00:00:00Z,maintenance,seal,oil,extra',
        'PLT1-P200-0001,2026-04-07T00:00:00Z,failure',
      ].join('\n');
      const s = await events.importEvents({ text, name: 'events-cells.csv' }, ACTOR);
      expect(s).toMatchObject({ rowsRead: 3, rowsRefused: 2, eventsWritten: 1 });
      expect(s.rejections).toEqual([
        expect.objectContaining({ line: 3, reason: '6 cells, header has 5 — an unquoted comma in a value?' }),
        expect.objectContaining({ line: 4, reason: '3 cells, header has 5 — a missing value still needs its (empty) cell' }),
      ]);
      expect((await storeCounts(ds)).events - before.events).toBe(1);
    });

    it('C-MAPSS: a file with no readable row fails with the reasons counted and registers no engine', async () => {
      const before = await storeCounts(ds);
      const file = tmpFile('train_FD004.txt', '1 1 0.5 0.2\n1 2 0.5 0.2\n');
      await expect(app.get(CmapssImportService).importFile(file, {}, ACTOR)).rejects.toMatchObject({
        kind: 'unprocessable',
        code: 'TELEMETRY_NOTHING_IMPORTED',
        message: expect.stringContaining('2 × expected 26 numbers (unit, cycle, 3 settings, 21 sensors), found 4 (first at line 1)'),
        details: [expect.objectContaining({ line: 1 }), expect.objectContaining({ line: 2 })],
      });
      expect(await storeCounts(ds)).toEqual(before);
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
      const progress: Array<[number, string]> = [];
      const { truth, summary } = await app
        .get(SimulateService)
        .simulate({ machines: 6, days: 3, seed: 11 }, ACTOR, (done, total, assetId) => progress.push([done, assetId]));
      expect(summary.samplesWritten).toBe(truth.counts.presentSamples);
      // Two stores run at once: progress still counts 1 … 6, each machine once.
      expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(progress.map(([, assetId]) => assetId).sort()).toEqual(truth.machines.map((m) => m.assetId).sort());
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
