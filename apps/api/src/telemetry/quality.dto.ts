import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { GapStats, QualityGrade, SignalQuality } from '@fleetgate/telemetry';
import { DeprecatedWindowProperty, LookbackProperty } from '../lookback.util';

export class QualityQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 window start (with to)' }) @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ description: 'ISO-8601 window end (with from)' }) @IsOptional() @IsString() to?: string;
  @LookbackProperty('Look-back period: the last <duration> of the machine’s data, e.g. 90d (default: all of it)') lookback?: string;
  @DeprecatedWindowProperty() window?: string;
}

export class SignalQualityDto {
  @ApiProperty() signal!: string;
  @ApiProperty() intervalMs!: number;
  @ApiProperty() expected!: number;
  @ApiProperty() present!: number;
  @ApiProperty() coverage!: number;
  @ApiProperty() gapFraction!: number;
  @ApiProperty({ description: '{ count, longCount, longestMs, totalMs }' }) gaps!: GapStats;
  @ApiProperty({ nullable: true, type: Number }) mean!: number | null;
  @ApiProperty({ nullable: true, type: Number }) std!: number | null;
  @ApiProperty() flat!: boolean;
  @ApiProperty({ description: '{ runs, samples, share, longestRunMs }' }) stuck!: SignalQuality['stuck'];
  @ApiProperty({ nullable: true, description: '{ count, share }, null without a catalog range' }) outOfRange!: SignalQuality['outOfRange'];
  @ApiProperty({ description: '{ count, share }' }) spikes!: SignalQuality['spikes'];
  @ApiProperty({ enum: ['good', 'degraded', 'unusable'] }) grade!: QualityGrade;
  @ApiProperty({ type: [String] }) reasons!: string[];
}

export class MachineQualityDto {
  @ApiProperty() machineId!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() fromMs!: number;
  @ApiProperty() toMs!: number;
  @ApiProperty({ enum: ['good', 'degraded', 'unusable'] }) grade!: QualityGrade;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: [SignalQualityDto] }) signals!: SignalQualityDto[];
}
