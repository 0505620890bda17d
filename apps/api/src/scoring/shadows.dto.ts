import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString } from 'class-validator';

export class StartShadowDto {
  @ApiProperty({ description: 'The candidate model version scored alongside production' }) @IsString() candidateVersionId!: string;
  @ApiPropertyOptional({ type: [String], description: 'Machine ids (or send assetIds)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  machineIds?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Asset ids (or send machineIds)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  assetIds?: string[];
}

export class FailuresCaughtDto {
  @ApiProperty({ description: 'Labelled failures within the compared windows' }) failures!: number;
  @ApiProperty({ description: "Of them, with production's alarm open within the horizon before" }) production!: number;
  @ApiProperty({ description: "Of them, with the candidate's alarm open within the horizon before" }) candidate!: number;
}

export class AgreementDto {
  @ApiProperty({ description: 'Windows both versions scored' }) windows!: number;
  @ApiProperty() both!: number;
  @ApiProperty() productionOnly!: number;
  @ApiProperty() candidateOnly!: number;
  @ApiProperty() neither!: number;
  @ApiProperty({ nullable: true, type: Number, description: '(both + neither) / windows' }) agreement!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "Spearman's rank correlation of the two versions' scores" }) rankCorrelation!: number | null;
  @ApiProperty({ type: FailuresCaughtDto }) failures!: FailuresCaughtDto;
}

export class ShadowMachineDto extends AgreementDto {
  @ApiProperty() machineId!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() machineModel!: string;
  @ApiProperty() site!: string;
}

export class ShadowSegmentDto extends AgreementDto {
  @ApiProperty() machineModel!: string;
  @ApiProperty() site!: string;
  @ApiProperty() machines!: number;
}

export class ShadowDto {
  @ApiProperty() id!: string;
  @ApiProperty() candidateVersionId!: string;
  @ApiProperty({ type: [String] }) machineIds!: string[];
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) stoppedAt!: string | null;
  @ApiProperty({ description: 'Days from start to stop (or now)' }) days!: number;
  @ApiProperty({ type: AgreementDto }) overall!: AgreementDto;
  @ApiProperty({ type: [ShadowMachineDto] }) machines!: ShadowMachineDto[];
  @ApiProperty({ type: [ShadowSegmentDto], description: 'Per machine model and site' }) segments!: ShadowSegmentDto[];
}
