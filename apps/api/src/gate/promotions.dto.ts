import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { SCOPE_KINDS, TARGET_STAGES } from '@fleetgate/gate';

export class CreatePromotionDto {
  @ApiProperty() @IsUUID() modelVersionId!: string;
  @ApiProperty({ enum: TARGET_STAGES, description: 'pilot → staging → production (staging optional), or archived' })
  @IsIn(TARGET_STAGES)
  targetStage!: (typeof TARGET_STAGES)[number];
  @ApiProperty({ enum: SCOPE_KINDS, description: 'fleet, the validated scope of the evidence run, or the assets listed in assetIds' })
  @IsIn(SCOPE_KINDS)
  scope!: (typeof SCOPE_KINDS)[number];
  @ApiPropertyOptional({ type: [String], description: 'With scope "assets"' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100000)
  @IsString({ each: true })
  assetIds?: string[];
  @ApiPropertyOptional({ description: 'Evaluation run of this exact version (required except for archived)' }) @IsOptional() @IsUUID() evidenceRunId?: string;
  @ApiProperty() @IsString() @MaxLength(5000) justification!: string;
  @ApiPropertyOptional({ description: 'Gate policy name (default "default"); its newest version judges the request' })
  @IsOptional()
  @IsString()
  policy?: string;
}

export class WaiverDto {
  @ApiProperty() @IsString() ruleId!: string;
  @ApiProperty({ description: 'Why the failing rule is acceptable here; required, audited' }) @IsString() @MaxLength(5000) justification!: string;
}

export class ApprovePromotionDto {
  @ApiPropertyOptional({ type: [WaiverDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WaiverDto)
  waivers?: WaiverDto[];
  @ApiPropertyOptional({ description: 'Accountable owner of the version (a user name); default the approver' }) @IsOptional() @IsString() owner?: string;
}

export class RejectPromotionDto {
  @ApiProperty() @IsString() @MaxLength(5000) reason!: string;
}

export class PromotionQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected', 'rolled-back'] })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected', 'rolled-back'])
  status?: 'pending' | 'approved' | 'rejected' | 'rolled-back';
  @ApiPropertyOptional() @IsOptional() @IsUUID() modelVersionId?: string;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class RuleResultDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiPropertyOptional({ nullable: true }) value!: number | null;
  @ApiProperty() threshold!: number;
  @ApiProperty({ enum: ['>=', '<=', '>'] }) comparison!: string;
  @ApiProperty({ enum: ['pass', 'fail', 'insufficient-evidence'] }) outcome!: string;
  @ApiProperty() detail!: string;
  @ApiPropertyOptional({ description: 'true on an advisory rule: reported, never blocking (not in `blocking`)' }) advisory?: boolean;
}

class ScopeDto {
  @ApiProperty({ enum: SCOPE_KINDS }) kind!: string;
  @ApiProperty() machines!: number;
  @ApiProperty({ type: [String] }) assetIds!: string[];
}

class EvidenceRefDto {
  @ApiPropertyOptional({ nullable: true }) runId!: string | null;
  @ApiPropertyOptional({ nullable: true }) reportHash!: string | null;
  @ApiPropertyOptional({ nullable: true }) mappingVersion!: number | null;
}

class PolicyRefDto {
  @ApiProperty() name!: string;
  @ApiProperty() version!: number;
  @ApiProperty() sha256!: string;
}

class DecisionDto {
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
  @ApiPropertyOptional({ nullable: true }) reason!: string | null;
  @ApiProperty({ type: [WaiverDto] }) waivers!: WaiverDto[];
  @ApiPropertyOptional({ nullable: true }) owner!: string | null;
}

class RollbackDto {
  @ApiProperty() by!: string;
  @ApiProperty() at!: string;
}

export class ScopeWithheldDto {
  @ApiProperty({ description: 'Machines of sites the caller may not see' }) machines!: number;
}

export class PromotionDto {
  @ApiProperty() id!: string;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty() modelVersionId!: string;
  @ApiProperty({ description: 'ONNX sha256' }) sha256!: string;
  @ApiProperty() fromStage!: string;
  @ApiProperty({ enum: TARGET_STAGES }) targetStage!: string;
  @ApiProperty({ type: ScopeDto }) scope!: ScopeDto;
  @ApiProperty({ type: EvidenceRefDto }) evidence!: EvidenceRefDto;
  @ApiProperty({ type: PolicyRefDto }) policy!: PolicyRefDto;
  @ApiProperty({ enum: ['pass', 'fail'] }) outcome!: string;
  @ApiProperty({ type: [String], description: 'Rules that need a waiver to approve (failing or insufficient, advisory ones aside)' }) blocking!: string[];
  @ApiProperty({ type: [RuleResultDto] }) ruleResults!: RuleResultDto[];
  @ApiProperty() justification!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'rolled-back'] }) status!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional({ type: DecisionDto, nullable: true }) decision!: DecisionDto | null;
  @ApiPropertyOptional({ type: RollbackDto, nullable: true }) rollback!: RollbackDto | null;
  @ApiPropertyOptional({
    type: ScopeWithheldDto,
    description: "Present for a plant manager: the scope's machines of other sites, left out of scope.machines and scope.assetIds",
  })
  withheld?: ScopeWithheldDto;
}
