import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

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
