import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { POLICY_STATUSES, PolicyStatus, RULE_KINDS, RULE_MODES } from '@fleetgate/gate';

export class PolicyRuleDto {
  @ApiProperty({ description: 'Stable id within the policy; waivers name it' }) @IsString() id!: string;
  @ApiProperty({ enum: RULE_KINDS }) @IsIn(RULE_KINDS) kind!: (typeof RULE_KINDS)[number];
  @ApiProperty({ description: 'Pass at ≥ threshold (≤ for worst-segment-alarm-ratio and max-borderline-share)' }) @IsNumber() threshold!: number;
  @ApiPropertyOptional({ description: 'psi-share: the PSI a machine must stay under (default 0.25)' }) @IsOptional() @IsNumber() psiMax?: number;
  @ApiPropertyOptional({ description: 'recall rules: fewer labelled failures → insufficient-evidence' }) @IsOptional() @IsInt() @Min(1) minFailures?: number;
  @ApiPropertyOptional({ enum: ['machineModel', 'ageBand', 'site'] }) @IsOptional() @IsIn(['machineModel', 'ageBand', 'site']) dimension?:
    'machineModel' | 'ageBand' | 'site';
  @ApiPropertyOptional({
    description: 'shadow: days of shadow over the scope required before a production promotion (default 7); threshold is the alarm agreement',
  })
  @IsOptional()
  @IsNumber()
  minDays?: number;
  @ApiPropertyOptional({ enum: RULE_MODES, description: 'advisory: reported with the outcome, never blocking (no waiver needed); default blocking' })
  @IsOptional()
  @IsIn(RULE_MODES)
  mode?: (typeof RULE_MODES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class PolicyValueDto {
  @ApiProperty({ description: "Cost of an unplanned failure (the policy's currency)" }) unplannedFailureCost!: number;
  @ApiProperty({ description: 'Cost of the same failure repaired as planned work' }) plannedRepairCost!: number;
  @ApiProperty({ description: 'Cost of a false alarm (the inspection it triggers)' }) falseAlarmCost!: number;
  @ApiProperty({ description: 'Hours of warning needed to plan the repair; later detections count as unplanned failures' }) minLeadTimeHours!: number;
}

export class EnvelopeGuardDto {
  @ApiProperty({ description: 'Days of trailing healthy data the domain check is recomputed on (1–90)' }) trailingDays!: number;
}

export class AlarmRateGuardDto {
  @ApiProperty({ description: "Breach when the live rate's 95 % Wilson lower bound exceeds k × the evaluated rate" }) k!: number;
  @ApiProperty({ description: 'Counted windows needed before the guard can breach' }) minWindows!: number;
}

export class PolicyGuardsDto {
  @ApiPropertyOptional({ type: EnvelopeGuardDto }) envelope?: EnvelopeGuardDto;
  @ApiPropertyOptional({ type: AlarmRateGuardDto }) alarmRate?: AlarmRateGuardDto;
}

export class CreatePolicyDto {
  @ApiProperty({ description: 'Policy name; a known name gets its next version' }) @IsString() name!: string;
  @ApiProperty({ type: [PolicyRuleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PolicyRuleDto)
  rules!: PolicyRuleDto[];
  @ApiProperty({ description: 'Evidence older than this (hours) is refused' }) @IsNumber() maxEvidenceAgeHours!: number;
  @ApiPropertyOptional({
    type: PolicyGuardsDto,
    description: 'Guards production holds the deployments approved under this version to (checked field by field by the policy validation)',
  })
  @IsOptional()
  @IsObject()
  guards?: PolicyGuardsDto;
  @ApiPropertyOptional({
    type: PolicyValueDto,
    description:
      'Costs the value rule and the net-value report price alarms with (required with a value rule; checked field by field by the policy validation)',
  })
  @IsOptional()
  @IsObject()
  value?: PolicyValueDto;
  @ApiPropertyOptional({ description: 'Why this version' }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class PolicyDefinitionDto {
  @ApiProperty({ type: [PolicyRuleDto] }) rules!: PolicyRuleDto[];
  @ApiProperty() maxEvidenceAgeHours!: number;
  @ApiPropertyOptional({ type: PolicyGuardsDto }) guards?: PolicyGuardsDto;
  @ApiPropertyOptional({ type: PolicyValueDto }) value?: PolicyValueDto;
}

export class PolicyDto {
  @ApiProperty() name!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'sha256 of the canonical definition text' }) sha256!: string;
  @ApiProperty({ type: PolicyDefinitionDto }) definition!: PolicyDefinitionDto;
  @ApiPropertyOptional({ nullable: true }) note!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ enum: POLICY_STATUSES, description: 'A proposed version judges nothing until someone other than its author approves it' })
  status!: PolicyStatus;
  @ApiPropertyOptional({ nullable: true, description: 'Null for versions approved before four eyes were required' }) approvedBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) approvedAt!: string | null;
}
