import { ApiProperty } from '@nestjs/swagger';

class ComponentDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ required: false }) driver?: string;
}

class StalledRunDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ description: 'Machines without a result yet' }) pending!: number;
  @ApiProperty({ example: 'stalled: 128 machines pending, no queued jobs' }) note!: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'down'] }) status!: 'ok' | 'down';
  @ApiProperty({ type: ComponentDto }) database!: ComponentDto;
  @ApiProperty({ type: ComponentDto }) redis!: ComponentDto;
  @ApiProperty({
    type: [StalledRunDto],
    description: 'Queued or running runs that cannot make progress right now (the reconciler re-enqueues lost work within its interval)',
  })
  stalledRuns!: StalledRunDto[];
}

export class LiveDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

class CheckDto {
  @ApiProperty({ enum: ['ok', 'failed'] }) status!: 'ok' | 'failed';
  @ApiProperty({ required: false, example: 'SELECT 1 failed: connect ECONNREFUSED 127.0.0.1:5432' }) reason?: string;
}

class ReadyChecksDto {
  @ApiProperty({ type: CheckDto }) database!: CheckDto;
  @ApiProperty({ type: CheckDto }) redis!: CheckDto;
  @ApiProperty({ type: CheckDto, description: 'Every migration of this build applied' }) migrations!: CheckDto;
}

export class ReadyDto {
  @ApiProperty({ enum: ['ready', 'not-ready'] }) status!: 'ready' | 'not-ready';
  @ApiProperty({ type: ReadyChecksDto }) checks!: ReadyChecksDto;
}
