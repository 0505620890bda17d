import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { MAX_INT32 } from '../page-query.dto';
import { ArrayMaxSize, IsArray, IsDefined, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

// Rule DTOs check shapes only; the catalog-aware checks (signal exists, unit convertible,
// regex compiles) are the tag-mapping validator's, which names the same field paths.

export class RuleMatchDto {
  @ApiPropertyOptional({ type: [String], description: 'Tag names, compared case-insensitively after trimming' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  exact?: string[];

  @ApiPropertyOptional({ description: 'Regex source, anchored and case-insensitive', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pattern?: string;
}

export class RuleScopeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) site?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) machineModel?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) manufacturer?: string;
}

/** Rule priorities are small integers in practice; the bound keeps them exact and comparable. */
export const MAX_RULE_PRIORITY = 1_000_000;

export class MappingRuleDto {
  @ApiProperty({ example: 'b.vibration_rms', maxLength: 100 }) @IsString() @MaxLength(100) id!: string;
  @ApiProperty({ example: 'vibration_rms', description: 'A signal of the catalog' }) @IsString() @MaxLength(63) signal!: string;
  @ApiProperty({ type: RuleMatchDto }) @IsDefined() @ValidateNested() @Type(() => RuleMatchDto) match!: RuleMatchDto;
  @ApiProperty({ example: 'mm/s', description: 'Unit the raw tag is recorded in' }) @IsString() @MaxLength(20) unit!: string;
  @ApiPropertyOptional({ type: RuleScopeDto }) @IsOptional() @ValidateNested() @Type(() => RuleScopeDto) scope?: RuleScopeDto;
  @ApiPropertyOptional({ description: 'Higher wins (default 0)', minimum: -MAX_RULE_PRIORITY, maximum: MAX_RULE_PRIORITY })
  @IsOptional()
  @IsInt()
  @Min(-MAX_RULE_PRIORITY)
  @Max(MAX_RULE_PRIORITY)
  priority?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class SaveRulesDto {
  @ApiProperty({ type: [MappingRuleDto], description: 'The complete new rule list (not a patch)' })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => MappingRuleDto)
  rules!: MappingRuleDto[];

  @ApiPropertyOptional({ description: 'Why the rules changed' }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class AddRuleDto {
  @ApiProperty({ type: MappingRuleDto, description: 'One rule, appended to the current rules (its id must be new)' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MappingRuleDto)
  rule!: MappingRuleDto;

  @ApiPropertyOptional({ description: 'Why the rule was added' }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class VersionParamDto {
  @ApiProperty({ maximum: MAX_INT32 }) @Type(() => Number) @IsInt() @Min(1) @Max(MAX_INT32) version!: number;
}

export class VersionQueryDto {
  @ApiPropertyOptional({ description: 'Rule set version (default: current)', maximum: MAX_INT32 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT32)
  version?: number;
}

export class RuleSetVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
  @ApiProperty() ruleCount!: number;
  @ApiProperty({ description: 'sha256 of the stored canonical rules text' }) sha256!: string;
}

export class RuleSetDto extends RuleSetVersionDto {
  @ApiProperty({ type: [MappingRuleDto] }) rules!: MappingRuleDto[];
}

export class ConversionDto {
  @ApiProperty({ description: 'signal value = raw × scale + offset' }) scale!: number;
  @ApiProperty() offset!: number;
}

export class MappedTagDto {
  @ApiProperty() rawTag!: string;
  @ApiProperty() signal!: string;
  @ApiProperty() rawUnit!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: ConversionDto, nullable: true, description: 'null: already in the signal unit' }) conversion!: ConversionDto | null;
  @ApiProperty() ruleId!: string;
  @ApiProperty({ type: [String] }) overriddenRuleIds!: string[];
}

export class TagCandidateDto {
  @ApiProperty() ruleId!: string;
  @ApiProperty() signal!: string;
  @ApiProperty() rawUnit!: string;
}

export class AmbiguousTagDto {
  @ApiProperty() rawTag!: string;
  @ApiProperty({ type: [TagCandidateDto] }) candidates!: TagCandidateDto[];
}

export class DuplicateSignalDto {
  @ApiProperty() signal!: string;
  @ApiProperty({ type: [String] }) rawTags!: string[];
}

export class TagResolutionDto {
  @ApiProperty() assetId!: string;
  @ApiProperty({ description: 'Rule set version used' }) version!: number;
  @ApiProperty({ type: [MappedTagDto] }) mapped!: MappedTagDto[];
  @ApiProperty({ type: [String] }) unmapped!: string[];
  @ApiProperty({ type: [AmbiguousTagDto] }) ambiguous!: AmbiguousTagDto[];
  @ApiProperty({ type: [DuplicateSignalDto], description: 'Several raw tags won the same signal: none is mapped' }) duplicateSignals!: DuplicateSignalDto[];
}

export class SignalDto {
  @ApiProperty({ example: 'oil_temp' }) name!: string;
  @ApiProperty({ example: '°C' }) unit!: string;
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Sampling interval (ms) of a series the live ingest starts from single samples' }) nominalIntervalMs!: number;
  @ApiProperty({ description: 'Part of the default catalog' }) builtin!: boolean;
}

export class CreateSignalDto {
  @ApiProperty({ example: 'oil_temp', description: 'lower_snake_case' }) @IsString() @MaxLength(63) name!: string;
  @ApiProperty({ example: '°C' }) @IsString() @MaxLength(20) unit!: string;
  @ApiProperty({ description: 'Lowest plausible value (finite)' }) @IsNumber({ allowNaN: false, allowInfinity: false }) min!: number;
  @ApiProperty({ description: 'Highest plausible value (finite, above min)' }) @IsNumber({ allowNaN: false, allowInfinity: false }) max!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ description: 'Sampling interval (ms) a series the live ingest starts from single samples gets; default 60000' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  nominalIntervalMs?: number;
}

export function toVersionDto(v: {
  version: number;
  createdBy: string;
  note: string | null;
  createdAt: number;
  ruleCount: number;
  sha256: string;
}): RuleSetVersionDto {
  return { version: v.version, createdBy: v.createdBy, note: v.note, createdAt: new Date(v.createdAt).toISOString(), ruleCount: v.ruleCount, sha256: v.sha256 };
}
