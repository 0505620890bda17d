import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { connectAsync, MqttClient } from 'mqtt';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { AuditService } from '@fleetgate/audit';
import { FleetService } from '@fleetgate/fleet';
import { FleetPlan, generateMachine, planFleet } from '@fleetgate/simulator';
import { telemetryErrors } from '../telemetry.exception';
import { TelemetryService } from '../store/telemetry.service';
import { Continuation, payloads, resumeAt, tickCount, tickRange, topicFor } from './publish-tick.util';
import { SIMULATED_ACTION, SimulationRecord } from './simulate.service';

const DAY_MS = 86_400_000;

export interface PublishOptions {
  /** simulated seconds per wall-clock second */
  speed: number;
  /** simulated time to publish per machine */
  forMs: number;
  /** asset ids, or the first n machines of the fleet; default every machine */
  machines?: string[] | number;
  /** the stored fleet of this seed (default: the latest `simulate` run) */
  seed?: number;
  /** wall time per tick (default 1 s) */
  tickMs?: number;
  /** unacknowledged QoS 1 messages at most (default 100) */
  maxInFlight?: number;
}

export interface PublishProgress {
  tick: number;
  ticks: number;
  messages: number;
  samples: number;
  /** simulated time every machine has been published up to (ISO; null with no machine) */
  reached: string | null;
}

export interface PublishSummary extends PublishProgress {
  machines: number;
  seed: number;
  speed: number;
  /** where the continuation started (ISO, the earliest machine's; null with no machine) */
  from: string | null;
  topicPrefix: string;
  /** ended by a signal before everything was published */
  stopped: boolean;
}

/** The stored fleet to continue, ready to publish: each machine's samples past its history. */
export interface PreparedPublish {
  simulation: SimulationRecord;
  continuations: Continuation[];
  samplesPerMachine: number;
}

/**
 * `simulate publish`: regenerates each machine of the stored simulated fleet (same seed, same
 * planted truth; the generator is prefix-stable) past the end of its stored history and
 * publishes the continuation over MQTT at N× real time, QoS 1, waiting for every PUBACK.
 */
@Injectable()
export class SimulatePublishService {
  private readonly logger = new Logger(SimulatePublishService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
    private readonly audit: AuditService,
  ) {}

  /** Which simulated fleet is stored (the latest `simulate` run, or the latest of `seed`). */
  async storedSimulation(seed?: number): Promise<SimulationRecord> {
    let latest: SimulationRecord | undefined;
    for (let after = 0; ;) {
      const page = await this.audit.list({ action: SIMULATED_ACTION, afterSeq: after, limit: 1000 });
      for (const e of page) {
        const sim = (JSON.parse(e.payload) as { simulation?: SimulationRecord }).simulation;
        if (sim && (seed === undefined || sim.seed === seed)) latest = sim;
      }
      if (page.length < 1000) break;
      after = Number(page[page.length - 1].seq);
    }
    if (!latest)
      throw telemetryErrors.badOption(
        seed === undefined ? 'no simulated fleet is stored here: run `fleetgate simulate` first' : `no simulated fleet of seed ${seed} is stored here`,
      );
    return latest;
  }

  /**
   * Generates what each chosen machine publishes, one machine at a time: its whole history plus
   * the continuation is generated, only the continuation is kept.
   */
  async prepare(opts: PublishOptions, signal?: AbortSignal): Promise<PreparedPublish> {
    const simulation = await this.storedSimulation(opts.seed);
    const plan = planFleet(simulation);
    const chosen = this.choose(plan, opts.machines);
    if (chosen.length === 0) throw telemetryErrors.badOption('no machine to publish');
    const count = Math.ceil(opts.forMs / plan.intervalMs);
    const historyEnd = plan.startMs + plan.days * DAY_MS;
    const continuations: Continuation[] = [];
    for (const assetId of chosen) {
      if (signal?.aborted) break; // publish() then sends nothing and reports the stop
      const machine = await this.fleet.findByAssetId(assetId);
      if (!machine) throw telemetryErrors.unknownMachine(assetId);
      const from = resumeAt(plan.startMs, historyEnd, plan.intervalMs, await this.telemetry.latestEnd([machine.id]));
      const g = generateMachine(plan, assetId, { extraMs: from - historyEnd + count * plan.intervalMs });
      const first = (from - plan.startMs) / plan.intervalMs;
      // slice copies: the history's buffers are dropped with `g`
      const tags = Object.fromEntries(Object.entries(g.tags).map(([tag, v]) => [tag, v.slice(first, first + count)]));
      continuations.push({ assetId, startMs: from, intervalMs: plan.intervalMs, tags });
    }
    return { simulation, continuations, samplesPerMachine: count };
  }

  private choose(plan: FleetPlan, machines: PublishOptions['machines']): string[] {
    const ids = plan.machines.map((m) => m.assetId);
    if (machines === undefined) return ids;
    if (typeof machines === 'number') return ids.slice(0, machines);
    const unknown = machines.filter((id) => !ids.includes(id));
    if (unknown.length) throw telemetryErrors.badOption(`not machines of the simulated fleet (seed ${plan.seed}): ${unknown.join(', ')}`);
    return machines;
  }

  /**
   * Publishes tick by tick: tick k (at k × tickMs of wall time, or at once when behind) sends every
   * machine's samples of simulated [k, k + 1) × speed × tickMs. Stops after the current tick when
   * `signal` aborts; waits for every PUBACK before it returns.
   */
  async publish(
    prepared: PreparedPublish,
    opts: Pick<PublishOptions, 'speed' | 'tickMs' | 'maxInFlight'>,
    signal?: AbortSignal,
    progress?: (p: PublishProgress) => void,
  ): Promise<PublishSummary> {
    const tickMs = opts.tickMs ?? 1000;
    const stepMs = opts.speed * tickMs;
    const { continuations, samplesPerMachine, simulation } = prepared;
    const intervalMs = simulation.intervalMs;
    const ticks = continuations.length ? tickCount(stepMs, intervalMs, samplesPerMachine) : 0;
    const prefix = this.config.mqttTopicPrefix;
    const client = await this.connect();
    const inFlight = new InFlight(client, opts.maxInFlight ?? 100);
    const state: PublishProgress = { tick: 0, ticks, messages: 0, samples: 0, reached: earliest(continuations, 0) };
    const started = Date.now();
    try {
      for (let k = 0; k < ticks && !signal?.aborted; k++) {
        const { from, to } = tickRange(k, stepMs, intervalMs, samplesPerMachine);
        for (const c of continuations) {
          for (const payload of payloads(c, from, to)) {
            await inFlight.send(topicFor(prefix, c.assetId), JSON.stringify(payload));
            state.messages++;
            state.samples += payload.samples.length;
          }
        }
        await inFlight.drain();
        state.tick = k + 1;
        state.reached = earliest(continuations, to * intervalMs);
        progress?.({ ...state });
        if (k + 1 < ticks) await sleepUntil(started + (k + 1) * tickMs, signal);
      }
    } finally {
      await client.endAsync();
    }
    const summary: PublishSummary = {
      ...state,
      machines: continuations.length,
      seed: simulation.seed,
      speed: opts.speed,
      from: earliest(continuations, 0),
      topicPrefix: prefix,
      stopped: state.tick < ticks,
    };
    this.logger.log({
      msg: 'simulated fleet published',
      machines: summary.machines,
      messages: summary.messages,
      samples: summary.samples,
      stopped: summary.stopped,
    });
    return summary;
  }

  /** A client id of its own (never the ingest's persistent session); fails at once when the broker is unreachable. */
  private async connect(): Promise<MqttClient> {
    const url = this.config.mqttUrl;
    let client: MqttClient;
    try {
      client = await connectAsync(url, { clientId: `fleetgate-sim-${randomBytes(4).toString('hex')}`, clean: true, reconnectPeriod: 1000 }, false);
    } catch (error) {
      throw new Error(`cannot reach the MQTT broker at ${url} (MQTT_URL): ${(error as Error).message}`);
    }
    // after the first connection the client reconnects on its own and resends unacknowledged messages
    client.on('error', (error) => this.logger.warn({ msg: 'mqtt error', error: error.message }));
    return client;
  }
}

/** QoS 1 publishes awaiting their PUBACKs, at most `max` at a time; the first failure fails the run. */
class InFlight {
  private readonly pending = new Set<Promise<void>>();
  private failure: Error | undefined;

  constructor(
    private readonly client: MqttClient,
    private readonly max: number,
  ) {}

  async send(topic: string, payload: string): Promise<void> {
    while (this.pending.size >= this.max) await Promise.race(this.pending);
    this.check();
    const p: Promise<void> = this.client.publishAsync(topic, payload, { qos: 1 }).then(
      () => void this.pending.delete(p),
      (error: Error) => {
        this.pending.delete(p);
        this.failure ??= error;
      },
    );
    this.pending.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.pending);
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

/** The earliest machine's start + offset (ISO), null with no machine. */
function earliest(continuations: Continuation[], offsetMs: number): string | null {
  return continuations.length ? new Date(Math.min(...continuations.map((c) => c.startMs)) + offsetMs).toISOString() : null;
}

/** Waits until `atMs` (now when already past), or until `signal` aborts. */
function sleepUntil(atMs: number, signal?: AbortSignal): Promise<void> {
  const wait = atMs - Date.now();
  if (wait <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, wait);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
