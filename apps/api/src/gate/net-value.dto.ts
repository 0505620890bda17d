import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class NetValueQueryDto {
  @ApiPropertyOptional({ description: 'Gate policy whose newest approved version prices the run (default "default")' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  policy?: string;
}

export class ValueCostsDto {
  @ApiProperty() unplannedFailureCost!: number;
  @ApiProperty() plannedRepairCost!: number;
  @ApiProperty() falseAlarmCost!: number;
  @ApiProperty({ description: 'Hours of warning needed to plan the repair' }) minLeadTimeHours!: number;
}

class PolicyRefDto {
  @ApiProperty() name!: string;
  @ApiProperty() version!: number;
  @ApiProperty() sha256!: string;
}

export class NetValueDto {
  @ApiProperty({ description: 'Machines counted (evaluated)' }) machines!: number;
  @ApiProperty() machineHours!: number;
  @ApiProperty({ description: 'Labelled failures in range' }) failures!: number;
  @ApiProperty({ description: 'Failures detected at least minLeadTimeHours ahead' }) detectedInTime!: number;
  @ApiProperty({ description: 'Failures detected with less warning (priced as unplanned)' }) detectedLate!: number;
  @ApiProperty({ description: 'Alarm episodes outside every pre-failure horizon' }) falseAlarms!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Net value per 1,000 machine-hours against running to failure' }) estimate!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Lower bound of the 95 % percentile bootstrap interval over machines' }) low!:
    number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Upper bound of that interval' }) high!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the value cannot be judged (e.g. results stored before value counts)' })
  insufficient!: string | null;
}

export class SegmentNetValueDto extends NetValueDto {
  @ApiProperty({ enum: ['machineModel', 'ageBand', 'site'] }) dimension!: string;
  @ApiProperty() value!: string;
}

export class RunNetValueDto {
  @ApiProperty() runId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) reportHash!: string | null;
  @ApiProperty({ type: ValueCostsDto }) costs!: ValueCostsDto;
  @ApiPropertyOptional({
    type: PolicyRefDto,
    nullable: true,
    description: 'The approved policy version whose costs priced the run; null when it sets none (the shipped placeholder costs)',
  })
  costsFrom!: PolicyRefDto | null;
  @ApiProperty({ type: NetValueDto, description: 'Every evaluated machine of the run' }) fleet!: NetValueDto;
  @ApiProperty({ type: NetValueDto, description: "The run's validated scope" }) validatedScope!: NetValueDto;
  @ApiProperty({ type: [SegmentNetValueDto] }) segments!: SegmentNetValueDto[];
}
