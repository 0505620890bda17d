import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { pingRedis } from '@fleetgate/queue';
import { Public } from '@fleetgate/auth';
import { EvaluationRunService } from '@fleetgate/evaluation';
import { HealthDto } from './health.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runs: EvaluationRunService,
  ) {}

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
