import { randomBytes } from 'node:crypto';
import { connectAsync, MqttClient } from 'mqtt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FleetService } from '@fleetgate/fleet';
import { LiveStatus, TelemetryService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../setup/harness';
import { childEnv, sleep } from '../evaluation/processes.util';
import { IngestProcess } from './ingest-process.util';
import { PrivateBroker } from '../setup/private-broker';

/** The same process on the embedded SQLite file (no DATABASE_URL), shared with the api in this process. */
describe('live ingest over MQTT on SQLite', () => {
  const tag = randomBytes(4).toString('hex');
  const prefix = `fgtest-${tag}/telemetry`;
  let broker: PrivateBroker;
  let api: TestApi;
  let ingest: IngestProcess;
  let pub: MqttClient;

  beforeAll(async () => {
    broker = await PrivateBroker.start();
    api = await startApi({ sqlite: true });
    await api.app.get(FleetService).ensureMachines(
      [
        {
          assetId: 'PLT1-P200-0001',
          site: 'PLT1',
          line: 'L1',
          machineModel: 'P200',
          manufacturer: 'Aquaron',
          commissionedAt: '2022-03-01',
          criticality: 'high',
          rawTags: ['P200_RPM'],
        },
      ],
      'test',
    );
    ingest = new IngestProcess(
      childEnv(api.env, { MQTT_URL: broker.url, FLEETGATE_MQTT_CLIENT_ID: `fgtest-ingest-${tag}`, FLEETGATE_MQTT_TOPIC_PREFIX: prefix }),
    );
    await ingest.waitUntilStarted();
    pub = await connectAsync(broker.url, { clientId: `fgtest-pub-${tag}` });
  }, 60_000);

  afterAll(async () => {
    await pub?.endAsync();
    await ingest?.stop();
    await api?.close();
    await broker?.stop();
  });

  it('stores a batch, dead-letters a bad message, and the api reports both', async () => {
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
    const samples = Array.from({ length: 30 }, (_, i) => ({ ts: t0 + i * 60_000, values: { P200_RPM: 1400 + i } }));
    await pub.publishAsync(`${prefix}/PLT1-P200-0001`, JSON.stringify({ samples }), { qos: 1 });
    await pub.publishAsync(`${prefix}/PLT1-P200-0001`, 'not json', { qos: 1 });
    const ds = api.app.get(DataSource);
    const deadline = Date.now() + 30_000;
    while (Number((await ds.query(`SELECT COUNT(*) AS n FROM live_dead_letters`))[0].n) < 1) {
      if (Date.now() > deadline) throw new Error(`nothing dead-lettered:\n${ingest.log.slice(-2000)}`);
      await sleep(100);
    }
    const machine = (await api.app.get(FleetService).findByAssetId('PLT1-P200-0001'))!;
    const speed = (await api.app.get(TelemetryService).readMachine(machine.id, ['speed'], t0, t0 + 30 * 60_000)).speed.values;
    expect(Array.from(speed)).toEqual(samples.map((s) => s.values.P200_RPM));
    const status = (await request(api.url).get('/api/ingest/status').set('Authorization', `Bearer ${api.tokens.admin}`).expect(200)).body as LiveStatus;
    expect(status.deadLetters.byReason.map((r) => [r.kind, r.messages])).toEqual([['not-json', 1]]);
    expect(status.machines).toEqual([
      expect.objectContaining({ assetId: 'PLT1-P200-0001', lastSampleAt: new Date(t0 + 29 * 60_000).toISOString(), messages: 1 }),
    ]);
  });
});
