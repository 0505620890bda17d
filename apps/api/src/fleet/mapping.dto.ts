import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNumber, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';

// Rule DTOs check shapes only; the catalog-aware checks (signal exists, unit convertible,
// regex compiles) are the tag-mapping validator's, which names the same field paths.

export class RuleMatchDto {
  @ApiPropertyOptional({ type: [String], description: 'Tag names, compared case-insensitively after trimming' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  exact?: string[];

  @ApiPropertyOptional({ description: 'Regex source, anchored and case-insensitive' })
  @IsOptional()
  @IsString()
  pattern?: string;
}

export class RuleScopeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() site?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() machineModel?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() manufacturer?: string;
}

export class MappingRuleDto {
  @ApiProperty({ example: 'b.vibration_rms' }) @IsString() id!: string;
  @ApiProperty({ example: 'vibration_rms', description: 'A signal of the catalog' }) @IsString() signal!: string;
  @ApiProperty({ type: RuleMatchDto }) @ValidateNested() @Type(() => RuleMatchDto) match!: RuleMatchDto;
  @ApiProperty({ example: 'mm/s', description: 'Unit the raw tag is recorded in' }) @IsString() unit!: string;
  @ApiPropertyOptional({ type: RuleScopeDto }) @IsOptional() @ValidateNested() @Type(() => RuleScopeDto) scope?: RuleScopeDto;
  @ApiPropertyOptional({ description: 'Higher wins (default 0)' }) @IsOptional() @IsInt() priority?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
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

export class VersionParamDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) version!: number;
}

export class VersionQueryDto {
  @ApiPropertyOptional({ description: 'Rule set version (default: current)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
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
  @ApiProperty({ description: 'Part of the default catalog' }) builtin!: boolean;
}

export class CreateSignalDto {
  @ApiProperty({ example: 'oil_temp', description: 'lower_snake_case' }) @IsString() @MaxLength(63) name!: string;
  @ApiProperty({ example: '°C' }) @IsString() @MaxLength(20) unit!: string;
  @ApiProperty({ description: 'Lowest plausible value' }) @IsNumber() min!: number;
  @ApiProperty({ description: 'Highest plausible value' }) @IsNumber() max!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
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
