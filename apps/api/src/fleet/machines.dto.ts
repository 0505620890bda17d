import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../page-query.dto';
import { CRITICALITIES, Criticality, FleetImportResult, MachineAttributes, MachineEntity } from '@fleetgate/fleet';

/** `a,b` or repeated `?x=a&x=b` → ['a', 'b']. */
const list = () =>
  Transform(({ value }) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((v: unknown) => String(v).split(','))
      .map((s: string) => s.trim())
      .filter(Boolean),
  );

export class MachineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Comma-separated site names', example: 'PLT1,PLT2' })
  @IsOptional()
  @list()
  @IsString({ each: true })
  sites?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated machine models', example: 'P200' })
  @IsOptional()
  @list()
  @IsString({ each: true })
  machineModels?: string[];

  @ApiPropertyOptional({ description: 'Comma-separated asset ids' })
  @IsOptional()
  @list()
  @IsString({ each: true })
  @ArrayMaxSize(1000)
  assetIds?: string[];

  @ApiPropertyOptional({ description: 'Age in years, now' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(500)
  minAgeYears?: number;

  @ApiPropertyOptional({ description: 'Age in years, now' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(500)
  maxAgeYears?: number;
}

export class CreateMachineDto {
  @ApiProperty({ example: 'PLT1-P200-0007' }) @IsString() @MaxLength(100) assetId!: string;
  @ApiProperty({ example: 'PLT1', description: 'An existing site' }) @IsString() site!: string;
  @ApiPropertyOptional({ example: 'L1', description: 'An existing line of the site' }) @IsOptional() @IsString() line?: string;
  @ApiProperty({ example: 'P200' }) @IsString() @MaxLength(200) machineModel!: string;
  @ApiPropertyOptional({ example: 'Aquaron', description: 'Left out when unknown' }) @IsOptional() @IsString() @MaxLength(200) manufacturer?: string;
  @ApiPropertyOptional({ example: '2021-03-15', description: 'YYYY-MM-DD, not in the future; or give ageYears' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  commissionedAt?: string;
  @ApiPropertyOptional({ example: 4.5, description: 'Age in years at ageAt, instead of commissionedAt', minimum: 0, maximum: 200 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(200)
  ageYears?: number;
  @ApiPropertyOptional({ example: '2025-06-30', description: 'YYYY-MM-DD the age refers to (default: today, UTC)' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  ageAt?: string;
  @ApiPropertyOptional({ enum: CRITICALITIES, description: 'Left out when unknown' }) @IsOptional() @IsIn(CRITICALITIES) criticality?: Criticality;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, example: { ratedPowerKw: 75 } })
  @IsOptional()
  @IsObject()
  attributes?: MachineAttributes;
  @ApiProperty({ type: [String], example: ['P200_VIB_01', 'P200_BRG_TEMP_F'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  rawTags!: string[];
}

export class FleetImportDto {
  @ApiProperty({ enum: ['csv', 'json'] }) @IsIn(['csv', 'json']) format!: 'csv' | 'json';
  @ApiProperty({
    description:
      'The file text. CSV: header asset_id,site,line,machine_model,manufacturer,commissioned_at,criticality,raw_tags (tags separated by |, extra columns become attributes; line, manufacturer and criticality optional; instead of commissioned_at an age_years column, with an optional age_at date it refers to, default today). JSON: an array of machines or { "machines": [...] } with camelCase fields (ageYears, ageAt).',
  })
  @IsString()
  content!: string;
}

export class FleetImportResultDto implements FleetImportResult {
  @ApiProperty() created!: number;
  @ApiProperty() sitesCreated!: number;
  @ApiProperty() linesCreated!: number;
}

export class MachineDto {
  @ApiProperty() id!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() site!: string;
  @ApiProperty({ type: String, nullable: true }) line!: string | null;
  @ApiProperty() machineModel!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when unknown' }) manufacturer!: string | null;
  @ApiProperty({ description: 'YYYY-MM-DD' }) commissionedAt!: string;
  @ApiProperty({ description: 'Years since commissioning, now (2 decimals)' }) ageYears!: number;
  @ApiProperty({ enum: CRITICALITIES, nullable: true, description: 'null when unknown' }) criticality!: Criticality | null;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } }) attributes!: MachineAttributes;
  @ApiProperty({ type: [String] }) rawTags!: string[];
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
}

export class MachineListDto {
  @ApiProperty({ description: 'Machines matching the filter (all pages)' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [MachineDto] }) items!: MachineDto[];
}

export function toMachineDto(m: MachineEntity, ageYears: number): MachineDto {
  return {
    id: m.id,
    assetId: m.assetId,
    site: m.site.name,
    line: m.line?.name ?? null,
    machineModel: m.machineModel,
    manufacturer: m.manufacturer,
    commissionedAt: m.commissionedAt,
    ageYears: Math.round(ageYears * 100) / 100,
    criticality: m.criticality,
    attributes: m.attributes,
    rawTags: m.rawTags,
    createdAt: new Date(m.createdAt).toISOString(),
  };
}
