import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class CoverageQueryDto {
  @ApiPropertyOptional({ description: 'One site (plant managers: one of theirs)' }) @IsOptional() @IsString() site?: string;
}

class ProductionVersionDto {
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty() modelVersionId!: string;
  @ApiProperty() promotionId!: string;
  @ApiProperty({ description: 'The evaluation run that justified it' }) evidenceRunId!: string;
  @ApiPropertyOptional({ nullable: true }) owner!: string | null;
  @ApiProperty() since!: string;
}

class MachineCoverageDto {
  @ApiProperty() assetId!: string;
  @ApiProperty() site!: string;
  @ApiPropertyOptional({ nullable: true }) line!: string | null;
  @ApiProperty() machineModel!: string;
  @ApiProperty() ageBand!: string;
  @ApiProperty() covered!: boolean;
  @ApiProperty({ type: [ProductionVersionDto] }) production!: ProductionVersionDto[];
  @ApiProperty({ type: [String] }) notCoveredBy!: string[];
}

class CoverageCountDto {
  @ApiProperty() value!: string;
  @ApiProperty() machines!: number;
  @ApiProperty() covered!: number;
  @ApiProperty() notCovered!: number;
  @ApiProperty({ type: Object, description: 'Machines covered per model' }) byModel!: Record<string, number>;
}

class CoverageCountsDto {
  @ApiProperty({ type: [CoverageCountDto] }) site!: CoverageCountDto[];
  @ApiProperty({ type: [CoverageCountDto], description: 'site/line' }) line!: CoverageCountDto[];
  @ApiProperty({ type: [CoverageCountDto] }) machineModel!: CoverageCountDto[];
  @ApiProperty({ type: [CoverageCountDto] }) ageBand!: CoverageCountDto[];
}

class CoverageTotalsDto {
  @ApiProperty() machines!: number;
  @ApiProperty() covered!: number;
  @ApiProperty() notCovered!: number;
}

export class CoverageDto {
  @ApiProperty({ type: [String] }) models!: string[];
  @ApiProperty({ type: CoverageTotalsDto }) totals!: CoverageTotalsDto;
  @ApiProperty({ type: [MachineCoverageDto] }) machines!: MachineCoverageDto[];
  @ApiProperty({ type: CoverageCountsDto }) counts!: CoverageCountsDto;
}
