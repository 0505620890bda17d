import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { POLICY_STATUSES, PolicyStatus, RULE_KINDS } from '@fleetgate/gate';

export class PolicyRuleDto {
  @ApiProperty({ description: 'Stable id within the policy; waivers name it' }) @IsString() id!: string;
  @ApiProperty({ enum: RULE_KINDS }) @IsIn(RULE_KINDS) kind!: (typeof RULE_KINDS)[number];
  @ApiProperty({ description: 'Pass at ≥ threshold (≤ for worst-segment-alarm-ratio and max-borderline-share)' }) @IsNumber() threshold!: number;
  @ApiPropertyOptional({ description: 'psi-share: the PSI a machine must stay under (default 0.25)' }) @IsOptional() @IsNumber() psiMax?: number;
  @ApiPropertyOptional({ description: 'recall rules: fewer labelled failures → insufficient-evidence' }) @IsOptional() @IsInt() @Min(1) minFailures?: number;
  @ApiPropertyOptional({ enum: ['machineModel', 'ageBand', 'site'] }) @IsOptional() @IsIn(['machineModel', 'ageBand', 'site']) dimension?:
    'machineModel' | 'ageBand' | 'site';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
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
  @ApiPropertyOptional({ description: 'Why this version' }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class PolicyDefinitionDto {
  @ApiProperty({ type: [PolicyRuleDto] }) rules!: PolicyRuleDto[];
  @ApiProperty() maxEvidenceAgeHours!: number;
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
