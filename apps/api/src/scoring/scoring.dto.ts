import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ALARM_OUTCOMES, HEALTH_STATES, MAX_PLOT_POINTS } from '@fleetgate/scoring';
import type { AlarmOutcome, AlarmStatus, HealthState } from '@fleetgate/scoring';

const STATUSES: AlarmStatus[] = ['open', 'acknowledged', 'closed'];

export class FleetHealthQueryDto {
  @ApiPropertyOptional({ description: 'One site (plant managers: one of theirs)' }) @IsOptional() @IsString() site?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() line?: string;
  @ApiPropertyOptional({ description: 'Machine model, e.g. P200' }) @IsOptional() @IsString() model?: string;
  @ApiPropertyOptional({ description: 'Age band, e.g. 5-10y' }) @IsOptional() @IsString() ageBand?: string;
  @ApiPropertyOptional({ enum: HEALTH_STATES }) @IsOptional() @IsIn(HEALTH_STATES as HealthState[]) state?: HealthState;
}

export class RangeQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 start (default: 7 days before to)' }) @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ description: "ISO-8601 end (default: the machine's newest data)" }) @IsOptional() @IsString() to?: string;
}

export class TelemetryPlotQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 start (default: one day before to)' }) @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ description: "ISO-8601 end (default: the machine's newest data)" }) @IsOptional() @IsString() to?: string;
  @ApiPropertyOptional({ description: `Buckets (1–${MAX_PLOT_POINTS}, default 500)` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PLOT_POINTS)
  points?: number;
}

export class AlarmsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() site?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() assetId?: string;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: AlarmStatus;
  @ApiPropertyOptional({ description: 'true: only suppressed (inside maintenance); false: only raised' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  suppressed?: boolean;
  @ApiPropertyOptional({ description: '1–1000, default 200' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AcknowledgeAlarmDto {
  @ApiPropertyOptional({ enum: ALARM_OUTCOMES, description: 'Default unknown' }) @IsOptional() @IsIn(ALARM_OUTCOMES as AlarmOutcome[]) outcome?: AlarmOutcome;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ description: 'Close it as well' }) @IsOptional() @IsBoolean() close?: boolean;
}

export class CreateMaintenanceDto {
  @ApiPropertyOptional({ description: 'One machine (or site + line)' }) @IsOptional() @IsString() @IsNotEmpty() assetId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() site?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() line?: string;
  @ApiProperty({ description: 'ISO-8601' }) @IsString() from!: string;
  @ApiProperty({ description: 'ISO-8601' }) @IsString() to!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

export class MaintenanceQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() site?: string;
}

class ProductionRefDto {
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty() suspended!: boolean;
}

export class MachineHealthDto {
  @ApiProperty() machineId!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() site!: string;
  @ApiProperty({ type: String, nullable: true }) line!: string | null;
  @ApiProperty() machineModel!: string;
  @ApiProperty() ageBand!: string;
  @ApiProperty({ enum: HEALTH_STATES }) state!: HealthState;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty({ type: Number, nullable: true }) threshold!: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) higherIsWorse!: boolean | null;
  @ApiProperty({ type: String, nullable: true }) scoredWindowEnd!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'model@version' }) scoredBy!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['good', 'degraded', 'unusable'] }) qualityGrade24h!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastDataAt!: string | null;
  @ApiProperty({ type: [ProductionRefDto] }) production!: ProductionRefDto[];
}

class HealthCountDto {
  @ApiProperty() value!: string;
  @ApiProperty() machines!: number;
  @ApiProperty({ type: Object, description: 'Machines per state' }) byState!: Record<HealthState, number>;
}

class HealthCountsDto {
  @ApiProperty({ type: [HealthCountDto] }) site!: HealthCountDto[];
  @ApiProperty({ type: [HealthCountDto], description: 'site/line' }) line!: HealthCountDto[];
}

export class FleetHealthDto {
  @ApiProperty({ type: String, nullable: true, description: "The fleet's newest sample (no-data is measured against it)" }) dataClock!: string | null;
  @ApiProperty({ type: HealthCountDto }) totals!: HealthCountDto;
  @ApiProperty({ type: HealthCountsDto }) counts!: HealthCountsDto;
  @ApiProperty({ type: [MachineHealthDto] }) machines!: MachineHealthDto[];
}

class FollowedByDto {
  @ApiProperty({ enum: ['failure', 'maintenance'] }) kind!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: String, nullable: true }) component!: string | null;
}

export class AlarmDto {
  @ApiProperty() id!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() site!: string;
  @ApiProperty({ type: String, nullable: true }) line!: string | null;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty() deploymentId!: string;
  @ApiProperty({ enum: STATUSES }) status!: AlarmStatus;
  @ApiProperty({ description: 'Raised inside a maintenance window: recorded, not raised' }) suppressed!: boolean;
  @ApiProperty({ type: String, nullable: true }) maintenanceWindowId!: string | null;
  @ApiProperty({ description: 'End of the window that raised it' }) openedAt!: string;
  @ApiProperty() score!: number;
  @ApiProperty() threshold!: number;
  @ApiProperty({ type: String, nullable: true }) acknowledgedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) acknowledgedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ALARM_OUTCOMES }) outcome!: AlarmOutcome | null;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) closedReason!: string | null;
  @ApiProperty({ type: FollowedByDto, nullable: true, description: "The first failure or maintenance within the model's horizon after it opened" })
  followedBy!: FollowedByDto | null;
}

class PrecisionDto {
  @ApiProperty() deploymentId!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() falseAlarms!: number;
  @ApiProperty() unknown!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'confirmed / (confirmed + false alarms)' }) estimate!: number | null;
  @ApiProperty({ description: '95 % Wilson interval' }) low!: number;
  @ApiProperty() high!: number;
}

export class AlarmListDto {
  @ApiProperty({ type: [AlarmDto] }) alarms!: AlarmDto[];
  @ApiProperty({ type: [PrecisionDto], description: 'Live precision of each deployment the listed alarms belong to' }) precision!: PrecisionDto[];
}

class ScorePointDto {
  @ApiProperty() windowEnd!: string;
  @ApiProperty() score!: number;
  @ApiProperty() threshold!: number;
  @ApiProperty() beyond!: boolean;
  @ApiProperty() healthy!: boolean;
  @ApiProperty({ description: 'model@version' }) scoredBy!: string;
}

export class MachineHistoryDto {
  @ApiProperty({ type: MachineHealthDto }) health!: MachineHealthDto;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: [ScorePointDto] }) scores!: ScorePointDto[];
  @ApiProperty({ type: [AlarmDto] }) alarms!: AlarmDto[];
}

export class TelemetryPlotDto {
  @ApiProperty() assetId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() bucketMs!: number;
  @ApiProperty({ type: [String], description: 'Bucket starts' }) t!: string[];
  @ApiProperty({ type: Object, description: '{ <signal>: { min, max, mean } }, arrays aligned with t, null where the bucket holds no sample' })
  signals!: Record<string, { min: Array<number | null>; max: Array<number | null>; mean: Array<number | null> }>;
}

export class MaintenanceDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) assetId!: string | null;
  @ApiProperty() site!: string;
  @ApiProperty({ type: String, nullable: true }) line!: string | null;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

export class RoundEnqueuedDto {
  @ApiProperty() jobId!: string;
}

export class SetAlarmRuleDto {
  @ApiPropertyOptional({ description: 'Only the deployment of this model (default: every production deployment of the machine)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  model?: string;
  @ApiProperty({ description: 'Windows beyond the threshold, among the last n, that raise an alarm (1–100, ≤ n)' }) @IsInt() @Min(1) @Max(100) k!: number;
  @ApiProperty({ description: 'How many recent windows k is counted over (1–100)' }) @IsInt() @Min(1) @Max(100) n!: number;
  @ApiProperty({ description: 'Windows in a row below the threshold that clear it (1–100)' }) @IsInt() @Min(1) @Max(100) m!: number;
}

class AlarmRuleDto {
  @ApiProperty() k!: number;
  @ApiProperty() n!: number;
  @ApiProperty() m!: number;
}

class RuleDeploymentDto {
  @ApiProperty() deploymentId!: string;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
}

export class AlarmRuleViewDto {
  @ApiProperty() assetId!: string;
  @ApiProperty({ type: AlarmRuleDto }) rule!: AlarmRuleDto;
  @ApiProperty({ type: [RuleDeploymentDto] }) deployments!: RuleDeploymentDto[];
}
