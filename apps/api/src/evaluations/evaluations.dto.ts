import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { DeprecatedWindowProperty, LookbackProperty } from '../lookback.util';

export class FleetSelectionDto {
  @ApiPropertyOptional({ description: 'Every machine (the default when nothing else is given)' }) @IsOptional() @IsBoolean() all?: boolean;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) sites?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) machineModels?: string[];
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) minAgeYears?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) maxAgeYears?: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100000) @IsString({ each: true }) assetIds?: string[];
}

export class StartEvaluationDto {
  @ApiProperty({ description: 'Model version id' }) @IsUUID() modelVersionId!: string;
  @ApiPropertyOptional({ type: FleetSelectionDto }) @IsOptional() @ValidateNested() @Type(() => FleetSelectionDto) selection?: FleetSelectionDto;
  @ApiPropertyOptional({ description: 'ISO start (with to)' }) @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ description: 'ISO end (with from)' }) @IsOptional() @IsString() to?: string;
  @LookbackProperty('Look-back period: the last <duration> of the selected machines’ data, e.g. 90d (the default when from/to are absent)')
  lookback?: string;
  @DeprecatedWindowProperty() window?: string;
  @ApiPropertyOptional({ type: [Number], description: 'Age band limits in years, e.g. [5,10,15,20]' })
  @IsOptional()
  @IsArray()
  @IsNumber({}, { each: true })
  ageBands?: number[];
  @ApiPropertyOptional({
    enum: ['version', 'per-machine'],
    description:
      "Alarm threshold: the version's (default), or each machine's own, at the same quantile of its baseline-period scores (per-machine-baseline models)",
  })
  @IsOptional()
  @IsIn(['version', 'per-machine'])
  thresholds?: 'version' | 'per-machine';
}

export class ProgressDto {
  @ApiProperty() total!: number;
  @ApiProperty() done!: number;
  @ApiProperty() failed!: number;
}

export class WithheldDto {
  @ApiProperty({ description: 'Machines of sites the caller may not see' }) machines!: number;
}

export class EvaluationRunDto {
  @ApiProperty() id!: string;
  @ApiProperty() modelVersionId!: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'partial', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: Object }) selection!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true }) mappingVersion!: number | null;
  @ApiProperty({ enum: ['version', 'per-machine'], description: 'The alarm threshold the run applies' }) thresholds!: 'version' | 'per-machine';
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) finishedAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    description: "sha256 of the full stored report; a plant manager's report is a view derived from it, with no hash of its own",
  })
  reportHash!: string | null;
  @ApiProperty({ type: ProgressDto, description: "For a plant manager: over their sites' machines only" }) progress!: ProgressDto;
  @ApiPropertyOptional({ type: WithheldDto, description: "Present for a plant manager: the run's machines of other sites, left out" })
  withheld?: WithheldDto;
  @ApiPropertyOptional({
    nullable: true,
    description:
      'Why a queued or running run is not moving, e.g. "stalled: 128 machines pending, no queued jobs" or "waiting: 2 active jobs whose worker stopped renewing its lock"; null otherwise (computed by GET /api/evaluations/:id only)',
  })
  note?: string | null;
}

export class MachineEvaluationDto {
  @ApiProperty() machineId!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty({ enum: ['pending', 'done', 'failed'] }) status!: string;
  @ApiPropertyOptional({ nullable: true }) verdict!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) result!: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true }) error!: string | null;
  @ApiProperty() attempts!: number;
}

export class MachineEvaluationPageDto {
  @ApiProperty() total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [MachineEvaluationDto] }) items!: MachineEvaluationDto[];
  @ApiPropertyOptional({ type: WithheldDto, description: "Present for a plant manager: the run's machines of other sites, left out of total and items" })
  withheld?: WithheldDto;
}
