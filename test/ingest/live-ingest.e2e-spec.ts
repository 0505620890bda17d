import { randomBytes } from 'node:crypto';
import { connectAsync, MqttClient } from 'mqtt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { LiveStatus, TelemetryService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../setup/harness';
import { childEnv, cliJson, sleep } from '../evaluation/processes.util';
import { IngestProcess } from './ingest-process.util';
import { PrivateBroker } from '../setup/private-broker';

const MIN = 60_000;
const HOUR = 3_600_000;
const fToC = (f: number) => ((f - 32) * 5) / 9;

/** Polls `probe` until it returns true; fails with `what` after the deadline (no timing assertion). */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * The live ingest end to end: a private Mosquitto, the built ingest as a child process, the
 * api in this process on the same isolated PostgreSQL schema.
 */
describe('live ingest over MQTT', () => {
  const tag = randomBytes(4).toString('hex');
  const prefix = `fgtest-${tag}/telemetry`;
  let broker: PrivateBroker;
  let api: TestApi;
  let ds: DataSource;
  let telemetry: TelemetryService;
  let machines: MachineEntity[];
  let env: NodeJS.ProcessEnv;
  let ingest: IngestProcess;
  let pub: MqttClient;
  const T0 = Math.floor(Date.now() / HOUR) * HOUR - 60 * 24 * HOUR;

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await ds.query(sql, params))[0]?.n ?? 0);
  const samplesOf = (ids: string[]) => count(`SELECT COALESCE(SUM(sample_count), 0) AS n FROM telemetry_series WHERE machine_id = ANY($1)`, [ids]);
  const messagesCommitted = () => count('SELECT COALESCE(SUM(messages), 0) AS n FROM live_ingest_minutes');
  const publish = (asset: string, payload: unknown) =>
    pub.publishAsync(`${prefix}/${asset}`, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });

  beforeAll(async () => {
    broker = await PrivateBroker.start();
    api = await startApi();
    ds = api.app.get(DataSource);
    telemetry = api.app.get(TelemetryService);
    const tags = ['P200_BRG_TEMP_F', 'P200_RPM', 'P200_VIB_01', 'P200_CUR_A'];
    machines = await api.app.get(FleetService).ensureMachines(
      ['0001', '0101', '0102', '0103'].map((n) => ({
        assetId: `PLT1-P200-${n}`,
        site: 'PLT1',
        line: 'L1',
        machineModel: 'P200',
        manufacturer: 'Aquaron',
        commissionedAt: '2022-03-01',
        criticality: 'high' as const,
        rawTags: tags,
      })),
      'test',
    );
    env = childEnv(api.env, { MQTT_URL: broker.url, FLEETGATE_MQTT_CLIENT_ID: `fgtest-ingest-${tag}`, FLEETGATE_MQTT_TOPIC_PREFIX: prefix });
    ingest = new IngestProcess(env);
    await ingest.waitUntilStarted();
    pub = await connectAsync(broker.url, { clientId: `fgtest-pub-${tag}`, clean: true });
  }, 60_000);

  afterAll(async () => {
    await pub?.endAsync();
    await ingest?.stop();
    await api?.close();
    await broker?.stop();
  });

  it('stores published samples through the tag mapping (units converted), snapping a late one and dead-lettering one midway', async () => {
    const [m] = machines;
    const samples = Array.from({ length: 10 }, (_, i) => ({
      ts: new Date(T0 + i * MIN).toISOString(),
      values: { P200_BRG_TEMP_F: 100 + i, P200_RPM: 1450 + i },
    }));
    await publish(m.assetId, { samples });
    await until('the batch to be stored', async () => (await samplesOf([m.id])) === 20);
    // the series is on the 1-min grid now: 20 s late is snapped into its slot, 30 s is midway and refused
    await publish(m.assetId, { ts: T0 + 10 * MIN + 20_000, values: { P200_RPM: 1460 } });
    await publish(m.assetId, { ts: T0 + 11 * MIN + 30_000, values: { P200_RPM: 1461 } });
    await until(
      'the off-grid sample to be dead-lettered',
      async () => (await count(`SELECT COUNT(*) AS n FROM live_dead_letters WHERE kind = 'off-grid'`)) === 1,
    );
    const read = await telemetry.readMachine(m.id, ['bearing_temp', 'speed'], T0, T0 + 12 * MIN);
    expect(read.bearing_temp.values[0]).toBeCloseTo(fToC(100), 4);
    expect(read.bearing_temp.values[9]).toBeCloseTo(fToC(109), 4);
    expect(Array.from(read.speed.values.slice(8))).toEqual([1458, 1459, 1460, NaN]);
    expect(await count('SELECT COALESCE(SUM(snapped), 0) AS n FROM live_ingest_minutes')).toBe(1);
  });

  it('dead-letters bad payloads with their reasons and keeps running', async () => {
    const [m] = machines;
    const ts = T0 + 20 * MIN;
    await publish(m.assetId, 'temperature=71.2');
    await publish('PLT9-UNKNOWN-0001', { ts, values: { P200_RPM: 1 } });
    await publish(m.assetId, { ts, values: { MYSTERY_TAG: 1, P200_RPM: 1470 } });
    await publish(m.assetId, { ts: ts + MIN, values: { P200_RPM: 'fast' } });
    await publish(m.assetId, { ts: Date.now() + HOUR, values: { P200_RPM: 1 } });
    await publish(m.assetId, { ts: ts + 2 * MIN, values: { P200_RPM: 1472 } });
    await until('the last good sample to be stored', async () => (await samplesOf([m.id])) === 23);
    expect(ingest.running).toBe(true);
    const rows: Array<{ kind: string; tag: string; detail: string; payload: string }> = await ds.query(
      `SELECT d.kind, d.tag, d.detail, m.payload FROM live_dead_letters d JOIN live_dead_messages m USING (message_hash) WHERE d.kind <> 'off-grid' ORDER BY d.kind`,
    );
    expect(rows.map((r) => [r.kind, r.tag])).toEqual([
      ['future-timestamp', ''],
      ['non-numeric', 'P200_RPM'],
      ['not-json', ''],
      ['unknown-asset', ''],
      ['unmapped-tag', 'MYSTERY_TAG'],
    ]);
    expect(rows.find((r) => r.kind === 'not-json')).toMatchObject({ payload: 'temperature=71.2', detail: expect.stringContaining('not JSON') });
    expect(rows.find((r) => r.kind === 'unknown-asset')!.detail).toBe('unknown asset "PLT9-UNKNOWN-0001" (not in the fleet registry)');
    // the good value of the mixed message is stored
    expect((await telemetry.readMachine(m.id, ['speed'], ts, ts + MIN)).speed.values[0]).toBe(1470);
  });

  it('loses nothing when the ingest is killed (SIGKILL) while a publisher runs: every sample stored exactly once after a restart', async () => {
    const fleet = machines.slice(1);
    const ids = fleet.map((m) => m.id);
    const BATCHES = 30;
    const PER = 60;
    const expected = fleet.length * BATCHES * PER * 4;
    const before = await messagesCommitted();
    const batch = (b: number, k: number) => ({
      samples: Array.from({ length: PER }, (_, i) => {
        const n = b * PER + i;
        return { ts: T0 + n * MIN, values: { P200_BRG_TEMP_F: 100 + ((n + k) % 50), P200_RPM: 1400 + k, P200_VIB_01: (n % 7) / 10, P200_CUR_A: 40 + k } };
      }),
    });
    let published = 0;
    const publisher = (async () => {
      for (let b = 0; b < BATCHES; b++)
        for (const [k, m] of fleet.entries()) {
          await publish(m.assetId, batch(b, k));
          published++;
          await sleep(10);
        }
    })();
    await until('the ingest to commit part of the run', async () => (await messagesCommitted()) - before >= 15, 60_000);
    await ingest.kill('SIGKILL');
    const atKill = await samplesOf(ids);
    await publisher;
    expect(published).toBe(fleet.length * BATCHES);
    expect(atKill).toBeLessThan(expected); // the kill did land mid-run
    ingest = new IngestProcess(env);
    await ingest.waitUntilStarted();
    await until('every published sample to be stored', async () => (await samplesOf(ids)) >= expected, 45_000);

    expect(await samplesOf(ids)).toBe(expected);
    for (const [k, m] of fleet.entries()) {
      const read = await telemetry.readMachine(m.id, ['bearing_temp', 'speed', 'vibration_rms', 'motor_current'], T0, T0 + BATCHES * PER * MIN);
      for (const s of Object.values(read)) expect(s.values.filter((v) => v === v).length).toBe(BATCHES * PER);
      expect(read.bearing_temp.values[1234]).toBeCloseTo(fToC(100 + ((1234 + k) % 50)), 4);
      expect(read.motor_current.values[BATCHES * PER - 1]).toBe(40 + k);
    }
    expect(await count(`SELECT COUNT(*) AS n FROM live_dead_letters WHERE asset_id LIKE 'PLT1-P200-01%'`)).toBe(0);
  });

  it('reports it all on GET /api/ingest/status and `fleetgate ingest status`', async () => {
    const res = await request(api.url).get('/api/ingest/status').set('Authorization', `Bearer ${api.tokens.rel}`).expect(200);
    const status = res.body as LiveStatus;
    const kinds = Object.fromEntries(status.deadLetters.byReason.map((r) => [r.kind, r.messages]));
    expect(kinds).toEqual({ 'future-timestamp': 1, 'non-numeric': 1, 'not-json': 1, 'off-grid': 1, 'unknown-asset': 1, 'unmapped-tag': 1 });
    expect(status.machines.map((m) => m.assetId)).toEqual(machines.map((m) => m.assetId));
    expect(status.minutes.reduce((a, m) => a + m.written, 0)).toBe(23 + 3 * 30 * 60 * 4);
    await request(api.url).get('/api/ingest/status').set('Authorization', `Bearer ${api.tokens.mle}`).expect(403);

    const cli = await cliJson<LiveStatus>(['ingest', 'status'], { ...env, FLEETGATE_URL: api.url, FLEETGATE_TOKEN: api.tokens.admin });
    expect(cli.value.deadLetters.messages).toBe(6);
  });
});
