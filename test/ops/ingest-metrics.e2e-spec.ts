import { randomBytes } from 'node:crypto';
import { connectAsync, MqttClient } from 'mqtt';
import { FleetService } from '@fleetgate/fleet';
import { startApi, TestApi } from '../setup/harness';
import { PrivateBroker } from '../setup/private-broker';
import { childEnv, sleep } from '../evaluation/processes.util';
import { IngestProcess } from '../ingest/ingest-process.util';
import { freePort, logLines, scrape, total } from './ops-process.util';

const MIN = 60_000;
const HOUR = 3_600_000;

/** The ingest's own /metrics: messages by outcome, samples stored or dead-lettered, dead letters by reason. */
describe('ingest metrics (e2e)', () => {
  const tag = randomBytes(4).toString('hex');
  const prefix = `fgtest-${tag}/telemetry`;
  let broker: PrivateBroker;
  let api: TestApi;
  let ingest: IngestProcess;
  let pub: MqttClient;
  let port: number;
  const asset = 'PLT1-P200-0001';

  beforeAll(async () => {
    broker = await PrivateBroker.start();
    api = await startApi();
    await api.app.get(FleetService).ensureMachines(
      [
        {
          assetId: asset,
          site: 'PLT1',
          line: 'L1',
          machineModel: 'P200',
          manufacturer: 'Aquaron',
          commissionedAt: '2022-03-01',
          criticality: 'high' as const,
          rawTags: ['P200_RPM', 'P200_VIB_01'],
        },
      ],
      'test',
    );
    port = await freePort();
    ingest = new IngestProcess(
      childEnv(api.env, {
        MQTT_URL: broker.url,
        FLEETGATE_MQTT_CLIENT_ID: `fgtest-ingest-${tag}`,
        FLEETGATE_MQTT_TOPIC_PREFIX: prefix,
        FLEETGATE_METRICS_PORT: String(port),
      }),
    );
    await ingest.waitUntilStarted();
    pub = await connectAsync(broker.url, { clientId: `fgtest-pub-${tag}`, clean: true });
  }, 60_000);

  afterAll(async () => {
    await pub?.endAsync();
    await ingest?.stop();
    await api?.close();
    await broker?.stop();
  });

  it('counts committed and dead-lettered messages, their samples and the reasons', async () => {
    const t0 = Math.floor(Date.now() / HOUR) * HOUR - 10 * 24 * HOUR;
    const samples = Array.from({ length: 5 }, (_, i) => ({ ts: new Date(t0 + i * MIN).toISOString(), values: { P200_RPM: 1450 + i, P200_VIB_01: 0.1 } }));
    await pub.publishAsync(`${prefix}/${asset}`, JSON.stringify({ samples }), { qos: 1 });
    await pub.publishAsync(`${prefix}/PLT9-UNKNOWN-0001`, JSON.stringify({ ts: t0, values: { P200_RPM: 1 } }), { qos: 1 });
    await pub.publishAsync(`${prefix}/${asset}`, 'temperature=71.2', { qos: 1 });
    let m = await scrape(port);
    for (let i = 0; i < 300 && (total(m.samples, 'fleetgate_ingest_messages_total') ?? 0) < 3; i++) {
      await sleep(100);
      m = await scrape(port);
    }
    expect(total(m.samples, 'fleetgate_ingest_messages_total', { outcome: 'committed' })).toBe(1);
    expect(total(m.samples, 'fleetgate_ingest_messages_total', { outcome: 'dead-lettered' })).toBe(2);
    expect(total(m.samples, 'fleetgate_ingest_samples_total', { result: 'stored' })).toBe(10);
    expect(total(m.samples, 'fleetgate_ingest_samples_total', { result: 'dead-lettered' })).toBe(1);
    expect(total(m.samples, 'fleetgate_ingest_dead_letters_total', { reason: 'unknown-asset' })).toBe(1);
    expect(total(m.samples, 'fleetgate_ingest_dead_letters_total', { reason: 'not-json' })).toBe(1);
    expect(total(m.samples, 'fleetgate_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(m.text).not.toContain(asset);
    expect(logLines(ingest.log).other).toEqual([]);
  });
});
