import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectAsync, MqttClient } from 'mqtt';
import { FleetService } from '@fleetgate/fleet';
import { generateMachine, planFleet } from '@fleetgate/simulator';
import { TelemetryService } from '@fleetgate/telemetry';
import { applyEnv, isolatedEnv, TestEnv } from '../../../../test/setup/harness';
import { PrivateBroker } from '../../../../test/setup/private-broker';
import { CliError, service, withOperator } from '../cli-context';
import { runCommand } from '../cli-test.fixtures';
import { simulateCommand } from './simulate.command';

const DAY_MS = 86_400_000;
const MIN = 60_000;
const SEED = 5;
const END = '2026-06-01';
const END_MS = Date.UTC(2026, 5, 1);

interface Payload {
  samples: Array<{ ts: string; values: Record<string, number | null> }>;
}

describe('simulate publish: the stored simulated fleet continued over MQTT (private broker, database)', () => {
  let env: TestEnv;
  let broker: PrivateBroker;
  let subscriber: MqttClient;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-publish-'));
  const prefix = `fgtest-${path.basename(dir).slice(-6)}/telemetry`;
  const received: Array<{ topic: string; payload: Payload }> = [];

  beforeAll(async () => {
    broker = await PrivateBroker.start();
    env = isolatedEnv();
    applyEnv(env);
    Object.assign(process.env, { MQTT_URL: broker.url, FLEETGATE_MQTT_TOPIC_PREFIX: prefix });
    subscriber = await connectAsync(broker.url, { clientId: `fgtest-sub-${path.basename(dir).slice(-6)}`, clean: true });
    subscriber.on('message', (topic, message) => received.push({ topic, payload: JSON.parse(message.toString()) as Payload }));
    await subscriber.subscribeAsync(`${prefix}/#`, { qos: 1 });
  }, 60_000);

  afterAll(async () => {
    await subscriber?.endAsync();
    await broker?.stop();
    delete process.env.MQTT_URL;
    delete process.env.FLEETGATE_MQTT_TOPIC_PREFIX;
    fs.rmSync(dir, { recursive: true, force: true });
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('publishes 2 h past the stored history of 3 machines: right topics and raw tags, on the grid, the values of a longer generation', async () => {
    const simulated = await runCommand(simulateCommand, ['simulate', '--machines', '3', '--days', '2', '--seed', String(SEED), '--end', END, '--json']);
    expect(JSON.parse(simulated.stdout)).toMatchObject({ start: '2026-05-30T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' });
    const stored = await withOperator(async (app) => {
      const machines = await service(app, FleetService).listMachines();
      return service(app, TelemetryService).latestEnd(machines.map((m) => m.id));
    });
    expect(stored).toBe(END_MS);

    const { stdout } = await runCommand(simulateCommand, ['simulate', 'publish', '--speed', '1000000', '--for', '2h', '--json']);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      machines: 3,
      seed: SEED,
      samples: 3 * 120,
      messages: 6,
      stopped: false,
      from: '2026-06-01T00:00:00.000Z',
      reached: '2026-06-01T02:00:00.000Z',
    });

    // every message was acknowledged by the broker before the command returned; the subscriber may lag a little
    for (let i = 0; i < 200 && received.length < 6; i++) await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(6);

    // the reference: the same fleet generated 2 hours longer
    const plan = planFleet({ machines: 3, days: 2, seed: SEED, startMs: END_MS - 2 * DAY_MS });
    for (const m of plan.machines) {
      const mine = received.filter((r) => r.topic === `${prefix}/${m.assetId}`);
      expect(mine.length).toBe(2);
      const samples = mine.flatMap((r) => r.payload.samples);
      expect(samples.map((s) => Date.parse(s.ts))).toEqual(Array.from({ length: 120 }, (_, i) => END_MS + i * MIN));
      for (const s of samples) expect(Object.keys(s.values).sort()).toEqual([...m.rawTags].sort());
      const longer = generateMachine(plan, m.assetId, { extraMs: 2 * 3_600_000 });
      for (const tag of m.rawTags) {
        const expected = Array.from(longer.tags[tag].subarray(2 * 1440), (v) => (Number.isNaN(v) ? null : v));
        expect({ machine: m.assetId, tag, values: samples.map((s) => s.values[tag]) }).toEqual({ machine: m.assetId, tag, values: expected });
      }
    }
  }, 60_000);

  it('stops after the current tick on SIGTERM, with every message it reports acknowledged and delivered', async () => {
    received.length = 0;
    const before = process.listeners('SIGTERM');
    const out = { stdout: '', stderr: '' };
    // 60× real time: one 1-minute sample per machine per second, an hour in all
    const run = runCommand(simulateCommand, ['simulate', 'publish', '--speed', '60', '--for', '1h', '--machines', '2', '--json'], out);
    for (let i = 0; i < 400 && !out.stderr.includes('tick 1/60'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(out.stderr).toContain('tick 1/60: 2 messages, 2 samples, simulated time 2026-06-01T00:01:00.000Z');
    // the command's own handler (not the test runner's): the last SIGTERM listener added
    const ours = process.listeners('SIGTERM').filter((l) => !before.includes(l));
    expect(ours).toHaveLength(1);
    (ours[0] as () => void)();
    await run;
    const summary = JSON.parse(out.stdout) as { stopped: boolean; tick: number; ticks: number; messages: number };
    expect(summary).toMatchObject({ stopped: true, ticks: 60 });
    expect(summary.tick).toBeLessThan(60);
    for (let i = 0; i < 200 && received.length < summary.messages; i++) await new Promise((r) => setTimeout(r, 25));
    expect(received).toHaveLength(summary.messages);
    expect(process.listeners('SIGTERM')).toEqual(before);
  }, 60_000);

  it('refuses asset ids that are not in the stored simulated fleet (exit 2)', async () => {
    await expect(runCommand(simulateCommand, ['simulate', 'publish', '--speed', '60', '--machines', 'PLT9-X5-0001', '--for', '1h'])).rejects.toMatchObject({
      message: expect.stringMatching(/not machines of the simulated fleet \(seed 5\): PLT9-X5-0001/),
    });
    await expect(runCommand(simulateCommand, ['simulate', 'publish', '--speed', '0'])).rejects.toBeInstanceOf(CliError);
  });
});
