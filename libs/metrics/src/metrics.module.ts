import { Module } from '@nestjs/common';
import { MetricsServer } from './metrics.server';

/** Import once in an app's root module: `/metrics` on FLEETGATE_METRICS_PORT (0 = off). */
@Module({ providers: [MetricsServer], exports: [MetricsServer] })
export class MetricsModule {}
