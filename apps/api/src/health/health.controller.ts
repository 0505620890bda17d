import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { pingRedis } from '@fleetgate/queue';
import { Public } from '@fleetgate/auth';
import { EvaluationRunService } from '@fleetgate/evaluation';
import { HealthDto, LiveDto, ReadyDto } from './health.dto';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runs: EvaluationRunService,
    private readonly readiness: ReadinessService,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (nothing else is checked; restart the process when this fails)' })
  @ApiResponse({ status: 200, type: LiveDto })
  live(): LiveDto {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: the database answers, Redis answers and every migration is applied — each check with its reason; 503 when any fails. Stalled runs never make this fail',
  })
  @ApiResponse({ status: 200, type: ReadyDto })
  @ApiResponse({ status: 503, type: ReadyDto })
  async ready(@Res({ passthrough: true }) res: { status: (n: number) => void }): Promise<ReadyDto> {
    const [database, redis, migrations] = await Promise.all([this.readiness.database(), this.readiness.redis(), this.readiness.migrations()]);
    const ready = database.status === 'ok' && redis.status === 'ok' && migrations.status === 'ok';
    if (!ready) res.status(503);
    return { status: ready ? 'ready' : 'not-ready', checks: { database, redis, migrations } };
  }

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Database and Redis status (503 when either is down), and every queued or running run that cannot make progress, with why (reported, not a 503)',
  })
  @ApiResponse({ status: 200, type: HealthDto })
  @ApiResponse({ status: 503, type: HealthDto })
  async health(@Res({ passthrough: true }) res: { status: (n: number) => void }): Promise<HealthDto> {
    const [database, redis] = await Promise.all([this.database(), pingRedis(this.config.redisUrl)]);
    const body: HealthDto = {
      status: database && redis ? 'ok' : 'down',
      database: { status: database ? 'up' : 'down', driver: this.dataSource.options.type },
      redis: { status: redis ? 'up' : 'down' },
      stalledRuns: database ? await this.runs.stalledRuns().catch(() => []) : [],
    };
    if (body.status !== 'ok') res.status(503);
    return body;
  }

  private async database(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
