import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditModule } from '@fleetgate/audit';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { FleetModule, FleetService, MachineEntity, TagMappingService } from '@fleetgate/fleet';
import { applyEnv, isolatedEnv } from '../../../../test/setup/harness';
import { LiveIngestService, LiveStatusService, TelemetryModule, TelemetryService } from '../index';

const MIN = 60_000;
const PREFIX = 'fleetgate/telemetry';
const fToC = (f: number) => ((f - 32) * 5) / 9;

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('live ingest on %s', (_name, sqlite) => {
  let app: INestApplicationContext;
  let live: LiveIngestService;
  let telemetry: TelemetryService;
  let ds: DataSource;
  let pump: MachineEntity;
  // a whole hour before now, on the minute: nothing is in the future
  const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
  const topic = `${PREFIX}/PLT1-P200-0001`;
  const send = (payload: unknown, at = topic) => live.commit(at, typeof payload === 'string' ? payload : JSON.stringify(payload));

  beforeAll(async () => {
    applyEnv(isolatedEnv({ sqlite }));
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, DbModule.forRoot({ migrate: true }), AuditModule, FleetModule, TelemetryModule],
    }).compile();
    app = await moduleRef.createNestApplication({ logger: false }).init();
    live = app.get(LiveIngestService);
    telemetry = app.get(TelemetryService);
    ds = app.get(DataSource);
    [pump] = await app.get(FleetService).ensureMachines(
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
      'test',
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('maps raw tags and converts units, infers a batch’s interval, snaps jittered samples, and a redelivery adds nothing', async () => {
    const jitter = (i: number) => (i % 3 === 0 ? 0 : i % 3 === 1 ? 1200 : -800);
    const samples = Array.from({ length: 60 }, (_, i) => ({
      ts: new Date(T0 + i * MIN + jitter(i)).toISOString(),
      values: { P200_BRG_TEMP_F: 140 + i, P200_RPM: 1450 + i },
    }));
    const payload = JSON.stringify({ samples });
    const first = await live.commit(topic, payload);
    expect(first).toMatchObject({ samples: 120, stored: 120, written: 120, snapped: 80, deadLettered: 0, reasons: [] });
    const again = await live.commit(topic, payload);
    expect(again).toMatchObject({ stored: 120, written: 0, duplicates: 120, replaced: 0 });

    const read = await telemetry.readMachine(pump.id, ['bearing_temp', 'speed'], T0, T0 + 60 * MIN);
    expect(read.bearing_temp.intervalMs).toBe(MIN);
    expect(read.bearing_temp.values[0]).toBeCloseTo(fToC(140), 4);
    expect(read.bearing_temp.values[59]).toBeCloseTo(fToC(199), 4);
    expect(read.speed.values[31]).toBe(1481);
    const info = await telemetry.seriesInfo(pump.id);
    expect(info.map((s) => [s.signal, s.sampleCount, s.intervalMs])).toEqual([
      ['bearing_temp', 60, MIN],
      ['speed', 60, MIN],
    ]);
  });

  it('starts a single-sample series on the catalog’s nominal interval and keeps later samples on that grid', async () => {
    const t = T0 + 7_000;
    expect(await send({ ts: t, values: { P200_VIB_01: 0.1 } })).toMatchObject({ stored: 1, written: 1, snapped: 0 });
    expect((await telemetry.readMachine(pump.id, ['vibration_rms'], T0, T0 + MIN)).vibration_rms).toMatchObject({ startMs: t, intervalMs: MIN });
    // 20 s late: stored in slot t + 1 min, counted as snapped; exactly half an interval off: refused
    const r = await send({
      samples: [
        { ts: t + MIN + 20_000, values: { P200_VIB_01: 0.2 } },
        { ts: t + 2 * MIN + 30_000, values: { P200_VIB_01: 0.3 } },
      ],
    });
    expect(r).toMatchObject({ stored: 1, written: 1, snapped: 1, deadLettered: 1 });
    expect(r.reasons).toEqual([
      { kind: 'off-grid', tag: 'P200_VIB_01', detail: expect.stringContaining('midway between two slots of vibration_rms'), samples: 1 },
    ]);
    const vib = (await telemetry.readMachine(pump.id, ['vibration_rms'], t, t + 3 * MIN)).vibration_rms.values;
    expect(Array.from(vib.slice(0, 2))).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(vib[2]).toBeNaN();
  });

  it('takes a signal’s own nominal interval from the catalog (added through the mapping service)', async () => {
    const mapping = app.get(TagMappingService);
    await mapping.addSignal({ name: 'oil_temp', unit: '°C', min: -40, max: 200, description: 'gearbox oil', nominalIntervalMs: 10_000 }, 'test');
    await mapping.addRule({ id: 'oil-temp', signal: 'oil_temp', match: { exact: ['OIL_T'] }, unit: '°C' }, 'test');
    expect((await mapping.catalog()).find((s) => s.name === 'oil_temp')).toMatchObject({ nominalIntervalMs: 10_000, builtin: false });
    // a new machine: its tag resolution is not cached from before the rule existed
    const [gearbox] = await app.get(FleetService).ensureMachines(
      [
        {
          assetId: 'PLT1-G100-0001',
          site: 'PLT1',
          line: 'L1',
          machineModel: 'G100',
          manufacturer: 'Aquaron',
          commissionedAt: '2022-03-01',
          criticality: 'low',
          rawTags: ['OIL_T'],
        },
      ],
      'test',
    );
    expect(await live.commit(`${PREFIX}/PLT1-G100-0001`, JSON.stringify({ ts: T0, values: { OIL_T: 55 } }))).toMatchObject({ written: 1, reasons: [] });
    expect(await live.commit(`${PREFIX}/PLT1-G100-0001`, JSON.stringify({ ts: T0 + 10_000, values: { OIL_T: 56 } }))).toMatchObject({
      written: 1,
      replaced: 0,
    });
    expect((await telemetry.seriesInfo(gearbox.id)).map((s) => [s.signal, s.intervalMs, s.sampleCount])).toEqual([['oil_temp', 10_000, 2]]);
  });

  it('dead-letters bad messages with their reasons and stores the good part of a mixed one', async () => {
    const future = Date.now() + 10 * MIN;
    expect((await send('{"ts": 17')).reasons[0].kind).toBe('not-json');
    expect((await send({ ts: T0, values: { vib1: 1 } }, `${PREFIX}/NO-SUCH-ASSET`)).reasons).toEqual([
      { kind: 'unknown-asset', tag: '', detail: 'unknown asset "NO-SUCH-ASSET" (not in the fleet registry)', samples: 1 },
    ]);
    const mixed = await send({
      samples: [
        { ts: T0 + 120 * MIN, values: { P200_RPM: 1500, MYSTERY_TAG: 5, P200_PRES_PSI: 'n/a' } },
        { ts: future, values: { P200_RPM: 1501 } },
        { ts: 'yesterday', values: { P200_RPM: 1502 } },
      ],
    });
    expect(mixed).toMatchObject({ samples: 5, stored: 1, written: 1, deadLettered: 4 });
    expect(mixed.reasons.map((r) => [r.kind, r.tag, r.samples]).sort()).toEqual([
      ['bad-timestamp', '', 1],
      ['future-timestamp', '', 1],
      ['non-numeric', 'P200_PRES_PSI', 1],
      ['unmapped-tag', 'MYSTERY_TAG', 1],
    ]);
    const big = `{"ts": "${'x'.repeat(70 * 1024)}", "values": {"P200_RPM": 1}}`;
    expect((await send(big)).reasons[0].kind).toBe('bad-timestamp');
    const [kept] = await ds.query(`SELECT payload, payload_bytes, truncated FROM live_dead_messages WHERE payload_bytes > 65536`);
    expect({ length: kept.payload.length, bytes: Number(kept.payload_bytes), truncated: kept.truncated === true || Number(kept.truncated) === 1 }).toEqual({
      length: 65536,
      bytes: big.length,
      truncated: true,
    });
    // redelivered: no second dead letter
    await send('{"ts": 17');
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM live_dead_letters WHERE kind = 'not-json'`))[0].n)).toBe(1);
  });

  it('reports rates, the last message per machine and dead letters by reason, from the database', async () => {
    const status = await app.get(LiveStatusService).status();
    const sum = (k: 'messages' | 'samples' | 'stored' | 'written') => status.minutes.reduce((a, m) => a + m[k], 0);
    // 2 + 2 + 2 (first three tests) + 5 (bad ones, a redelivery included) messages
    expect(sum('messages')).toBe(11);
    expect(sum('written')).toBe(120 + 1 + 1 + 2 + 1);
    expect(status.rates.messagesPerMinute).toBeCloseTo(11 / 5, 5);
    expect(status.machines.filter((m) => m.assetId !== 'PLT1-G100-0001')).toEqual([
      { machineId: pump.id, assetId: 'PLT1-P200-0001', lastMessageAt: expect.any(String), lastSampleAt: new Date(T0 + 120 * MIN).toISOString(), messages: 6 },
    ]);
    const byReason = Object.fromEntries(status.deadLetters.byReason.map((r) => [r.kind, [r.messages, r.samples]]));
    expect(byReason).toEqual({
      'not-json': [1, 0],
      'unknown-asset': [1, 1],
      'off-grid': [1, 1],
      'bad-timestamp': [2, 2],
      'future-timestamp': [1, 1],
      'non-numeric': [1, 1],
      'unmapped-tag': [1, 1],
    });
    expect(status.deadLetters.messages).toBe(5);
    expect(status.deadLetters.recent.find((d) => d.kind === 'not-json')).toMatchObject({ payloadPreview: '{"ts": 17', truncated: false, topic });
  });

  it('dead-letters two tags of one message that feed one signal, naming both, and never picks one', async () => {
    const r = await send({ ts: T0 + 30 * MIN, values: { P200_RPM: 1500, rpm: 1600, P200_BRG_TEMP_F: 150 } });
    expect(r).toMatchObject({ stored: 1, written: 0, replaced: 1 }); // the temperature: the first test stored 170 °F there
    expect(r.reasons.map((x) => [x.kind, x.tag, x.detail])).toEqual([
      ['ambiguous-tag', 'P200_RPM', 'tags P200_RPM, rpm all map to speed in one message'],
      ['ambiguous-tag', 'rpm', 'tags P200_RPM, rpm all map to speed in one message'],
    ]);
    expect((await telemetry.readMachine(pump.id, ['speed'], T0 + 30 * MIN, T0 + 31 * MIN)).speed.values[0]).toBe(1450 + 30);
  });
});
