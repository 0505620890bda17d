import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { dbPoolConnections } from './metrics';
import { collectNodeMetrics, registry } from './registry';

type ScrapeHook = () => Promise<void>;

/**
 * This process's Prometheus endpoint: `GET /metrics` on its own port (FLEETGATE_METRICS_PORT,
 * 0 = off), unauthenticated, apart from the api's port so it can stay inside the cluster.
 * Hooks registered with `onScrape` refresh gauges that are read, not counted (queue depth,
 * runs by status); a hook that fails leaves its gauges as they were and is logged.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private readonly hooks: ScrapeHook[] = [];
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @InjectDataSource() private readonly dataSource?: DataSource,
  ) {
    collectNodeMetrics();
  }

  onScrape(hook: ScrapeHook): void {
    this.hooks.push(hook);
  }

  /** The exposition text, after every scrape hook ran. */
  async render(): Promise<{ contentType: string; text: string }> {
    await Promise.all(
      [...this.hooks, async () => this.poolGauges()].map((h) =>
        h().catch((error: unknown) => this.logger.warn({ msg: 'metrics collection failed', error: (error as Error).message })),
      ),
    );
    return { contentType: registry.contentType, text: await registry.metrics() };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === 0) return;
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort, '0.0.0.0', () => resolve());
    });
    this.server = server;
    this.logger.log({ msg: 'metrics listening', port: (server.address() as AddressInfo).port, path: '/metrics' });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    try {
      const { contentType, text } = await this.render();
      res.writeHead(200, { 'content-type': contentType }).end(text);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(error as Error).message}\n`);
    }
  }

  /** node-postgres pool counts (TypeORM keeps the pool as the driver's `master`); nothing on SQLite. */
  private poolGauges(): void {
    const pool = (this.dataSource?.driver as unknown as { master?: { totalCount?: unknown; idleCount?: number; waitingCount?: number } } | undefined)?.master;
    if (!pool || typeof pool.totalCount !== 'number') return;
    dbPoolConnections.set({ state: 'total' }, pool.totalCount);
    dbPoolConnections.set({ state: 'idle' }, pool.idleCount ?? 0);
    dbPoolConnections.set({ state: 'waiting' }, pool.waitingCount ?? 0);
  }
}
