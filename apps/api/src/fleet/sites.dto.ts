import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { LineEntity, SiteOverview } from '@fleetgate/fleet';

export class CreateSiteDto {
  @ApiProperty({ example: 'PLT1', description: 'Letters, digits, _ . - (1–100)' })
  @IsString()
  @MaxLength(100)
  name!: string;
}

export class CreateLineDto {
  @ApiProperty({ example: 'L1', description: 'Unique within the site' })
  @IsString()
  @MaxLength(100)
  name!: string;
}

export class LineDto {
  @ApiProperty() id!: string;
  @ApiProperty() site!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
}

export class SiteDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [LineDto] }) lines!: LineDto[];
  @ApiProperty() machineCount!: number;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
}

export function toLineDto(line: LineEntity, site: string): LineDto {
  return { id: line.id, site, name: line.name, createdAt: new Date(line.createdAt).toISOString() };
}

export function toSiteDto(o: SiteOverview): SiteDto {
  return {
    id: o.site.id,
    name: o.site.name,
    lines: o.lines.map((l) => toLineDto(l, o.site.name)),
    machineCount: o.machineCount,
    createdAt: new Date(o.site.createdAt).toISOString(),
  };
}
