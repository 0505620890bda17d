import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { SuspensionKind } from '@fleetgate/gate';

class ServedByDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Version number serving the machine instead' }) version!: number | null;
  @ApiProperty({ description: 'The promotion behind the row that serves it' }) promotionId!: string;
}

class ConsistencyProblemDto {
  @ApiProperty() promotionId!: string;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['staging', 'production'] }) stage!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty({ type: ServedByDto, nullable: true, description: 'What serves the machine at that stage instead (null: nothing)' })
  servedBy!: ServedByDto | null;
  @ApiProperty() reason!: string;
}

export class DeploymentConsistencyDto {
  @ApiProperty({ description: 'true when every approved promotion still holds its machines or a later approved promotion explains why not' })
  ok!: boolean;
  @ApiProperty({ description: 'Approved promotions to staging or production checked' }) promotions!: number;
  @ApiProperty({ description: 'Machine × promotion pairs checked' }) machines!: number;
  @ApiProperty({ type: [ConsistencyProblemDto] }) problems!: ConsistencyProblemDto[];
}

export class ReinstateDeploymentDto {
  @ApiProperty({ description: 'Why the deployment may serve again (audited)', maxLength: 2000 }) @IsString() @MaxLength(2000) note!: string;
}

export class ReinstatedDeploymentDto {
  @ApiProperty() deploymentId!: string;
  @ApiProperty() machineId!: string;
  @ApiProperty() modelVersionId!: string;
  @ApiProperty() reinstatedAt!: string;
  @ApiProperty() note!: string;
}

export class DeploymentListQueryDto {
  @ApiPropertyOptional({ description: 'One machine (asset id)' }) @IsOptional() @IsString() @MaxLength(200) machine?: string;
  @ApiPropertyOptional({ description: 'One site (plant managers: one of theirs)' }) @IsOptional() @IsString() @MaxLength(200) site?: string;
  @ApiPropertyOptional({ description: 'true: only suspended deployments; false: only serving ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  suspended?: boolean;
}

export class DeploymentListItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() site!: string;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['staging', 'production'] }) stage!: 'staging' | 'production';
  @ApiProperty() since!: string;
  @ApiProperty() suspended!: boolean;
  @ApiProperty({ enum: ['baseline', 'guard', 'silence'], nullable: true }) suspensionKind!: SuspensionKind | null;
  @ApiProperty({ type: String, nullable: true }) suspendedReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) suspendedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A guard demotion: the rule that breached' }) guardRule!: string | null;
  @ApiProperty({ type: Number, nullable: true }) guardValue!: number | null;
  @ApiProperty({ type: Number, nullable: true }) guardLimit!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'A demoted deployment: the one serving it meanwhile' })
  fallbackDeploymentId!: string | null;
}
