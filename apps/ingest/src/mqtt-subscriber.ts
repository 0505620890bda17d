import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { connect, IPublishPacket, MqttClient } from 'mqtt';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { ingestMessages } from '@fleetgate/metrics';
import { LiveIngestService } from '@fleetgate/telemetry';
import { countCommit } from './ingest-metrics.util';

// After this many failed commits of one message it is dead-lettered as an internal error (a bug,
// not an outage: when the database is down, that fails too and the retries go on).
const ATTEMPTS_BEFORE_DEAD_LETTER = 3;
const MAX_BACKOFF_MS = 30_000;
const SHUTDOWN_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Subscribes `<prefix>/+` at QoS 1 in a persistent session (fixed client id, clean start off),
 * so the broker queues messages while this process is down. MQTT.js hands messages over one at
 * a time and sends the PUBACK only when `handleMessage` calls back — which it does after the
 * message is committed. A crash before that: no PUBACK, the broker redelivers, and the store's
 * merge makes the second delivery add nothing.
 */
@Injectable()
export class MqttSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ingest');
  private client: MqttClient | null = null;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly live: LiveIngestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topic = `${this.config.mqttTopicPrefix}/+`;
    const client = connect(this.config.mqttUrl, {
      clientId: this.config.mqttClientId,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: this.config.mqttSessionExpirySeconds },
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    this.client = client;
    client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void) => {
      this.current = this.handle(packet.topic, packet.payload as Buffer);
      void this.current.then(() => callback());
    };
    client.on('error', (error) => this.logger.warn({ msg: 'mqtt error', error: error.message }));
    client.on('offline', () => this.logger.warn({ msg: 'mqtt broker unreachable; reconnecting', url: this.config.mqttUrl }));
    const subscribed = new Promise<void>((resolve, reject) => {
      client.on('connect', (connack) => {
        this.logger.log({ msg: 'mqtt connected', sessionPresent: connack.sessionPresent });
        client.subscribe(topic, { qos: 1 }, (error, granted) => {
          if (error) return reject(error);
          if (granted?.some((g) => g.qos > 2)) return reject(new Error(`the broker refused the subscription to ${topic}`));
          resolve();
        });
      });
    });
    await subscribed;
  }

  /** Lets the message in hand finish committing (for a while), then disconnects; an unfinished one is never acknowledged. */
  async onApplicationShutdown(): Promise<void> {
    const done = await Promise.race([this.current.then(() => true), sleep(SHUTDOWN_WAIT_MS).then(() => false)]);
    await new Promise<void>((resolve) => (this.client ? this.client.end(!done, {}, () => resolve()) : resolve()));
  }

  /** Commits one message, retrying while the database fails; resolves only once it is committed (or dead-lettered). */
  private async handle(topic: string, payload: Buffer): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.live.commit(topic, payload);
        countCommit(r);
        if (r.reasons.length > 0)
          this.logger.warn({
            msg: 'dead-lettered',
            topic,
            assetId: r.assetId,
            stored: r.stored,
            deadLettered: r.deadLettered,
            reasons: r.reasons.map((x) => x.kind),
          });
        else this.logger.debug({ msg: 'message committed', assetId: r.assetId, stored: r.stored, written: r.written, snapped: r.snapped });
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        ingestMessages.inc({ outcome: 'commit-failed' });
        this.logger.error({ msg: 'commit failed; the message stays unacknowledged', topic, attempt, error: message });
        if (attempt >= ATTEMPTS_BEFORE_DEAD_LETTER) {
          try {
            countCommit(await this.live.deadLetterFailure(topic, payload, message));
            return;
          } catch {
            // the database itself is failing: keep the message and retry
          }
        }
        await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt));
      }
    }
  }
}
