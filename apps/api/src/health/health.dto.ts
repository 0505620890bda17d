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
