import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class CoverageQueryDto {
  @ApiPropertyOptional({ description: 'One site (plant managers: one of theirs)' }) @IsOptional() @IsString() site?: string;
}

class PinnedBaselineSignalDto {
  @ApiProperty() signal!: string;
  @ApiProperty({ type: Number, nullable: true }) level!: number | null;
  @ApiProperty({ type: Number, nullable: true }) spread!: number | null;
  @ApiProperty({ type: Number, nullable: true }) hours!: number | null;
}

class PinnedBaselineDto {
  @ApiProperty({ enum: ['per-machine-baseline', 'per-regime'] }) method!: 'per-machine-baseline' | 'per-regime';
  @ApiProperty({ enum: ['auto', 'explicit'], nullable: true }) source!: 'auto' | 'explicit' | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The explicit baseline version used' }) explicitVersion!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'epoch ms' }) fromMs!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'epoch ms' }) toMs!: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) valid!: boolean | null;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: [PinnedBaselineSignalDto] }) signals!: PinnedBaselineSignalDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'epoch ms; figures count from here on' }) calibrationEndMs!: number | null;
}

class ProductionVersionDto {
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty() modelVersionId!: string;
  @ApiProperty() promotionId!: string;
  @ApiProperty({ description: 'The evaluation run that justified it' }) evidenceRunId!: string;
  @ApiPropertyOptional({ nullable: true }) owner!: string | null;
  @ApiProperty() since!: string;
  @ApiProperty({ type: PinnedBaselineDto, nullable: true, description: 'Pinned: the baseline the evidence run used on this machine; null for a raw model' })
  baseline!: PinnedBaselineDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Pinned: the alarm threshold that applies on this machine' }) threshold!: number | null;
  @ApiProperty({
    enum: ['version', 'per-machine'],
    nullable: true,
    description: "Pinned: the version's threshold or the machine's own (null: a deployment from before pins, the version's threshold)",
  })
  thresholdMode!: 'version' | 'per-machine' | null;
  @ApiPropertyOptional({ description: 'Set when a guard demoted the promoted version and this one, the version it replaced, serves in its place: why' })
  fallbackReason?: string;
  @ApiProperty({ type: String, nullable: true, description: 'ISO time the machine got a new baseline; the version does not serve it until re-evaluated' })
  suspendedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) suspendedReason!: string | null;
}

class MachineCoverageDto {
  @ApiProperty() assetId!: string;
  @ApiProperty() site!: string;
  @ApiPropertyOptional({ nullable: true }) line!: string | null;
  @ApiProperty() machineModel!: string;
  @ApiProperty() ageBand!: string;
  @ApiProperty({ description: 'A production version serves it (a suspended one does not)' }) covered!: boolean;
  @ApiProperty({ enum: ['covered', 'suspended', 'not-covered'] }) status!: 'covered' | 'suspended' | 'not-covered';
  @ApiProperty({ type: String, nullable: true, description: 'Why its production version(s) are suspended' }) suspendedReason!: string | null;
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

class CoverageSuspendedDto {
  @ApiProperty() machines!: number;
  @ApiProperty({ type: [String] }) assetIds!: string[];
}

export class CoverageDto {
  @ApiProperty({ type: [String] }) models!: string[];
  @ApiProperty({ type: CoverageTotalsDto, description: 'Suspended machines count as not covered' }) totals!: CoverageTotalsDto;
  @ApiProperty({ type: [MachineCoverageDto] }) machines!: MachineCoverageDto[];
  @ApiProperty({ type: CoverageSuspendedDto, description: 'Machines whose production versions are all suspended until re-evaluated' })
  suspended!: CoverageSuspendedDto;
  @ApiProperty({ type: CoverageCountsDto }) counts!: CoverageCountsDto;
}
