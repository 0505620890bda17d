import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class AdviceRequestDto {
  @ApiPropertyOptional({ description: 'Machines drawn per left-out segment (machine model × age band) for the fleet-trained variant (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  samplePerSegment?: number;

  @ApiPropertyOptional({ type: [String], description: 'The signals that set the operating regime (the per-regime remedy needs them), e.g. ["speed"]' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  regimeSignals?: string[];

  @ApiPropertyOptional({ description: "The per-machine-baseline variant's baseline, e.g. 50h or 14d (default: the pilot's training period, at most 14 days)" })
  @IsOptional()
  @IsString()
  baseline?: string;

  @ApiPropertyOptional({ description: 'Seed of the stratified draw (default 42)' }) @IsOptional() @IsInt() seed?: number;
}

export class AdviceDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: ['queued', 'training', 'evaluating', 'done', 'failed'] }) status!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'samplePerSegment, regimeSignals, baselineMs, seed' }) options!: object;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Each remedy: applies, reason, cost, the version that tried it (modelVersionId, label), its evaluation run, training machines, error',
  })
  remedies!: object[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'Once every remedy run ended: leftOut, costs, remedies best first (figures: broughtIntoScope, recall and alarmRate with 95 % Wilson intervals, ' +
      'net value with its bootstrap interval; segments per machine model, age band and site), recommended',
  })
  summary!: object | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}
