import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { STAGES } from '@fleetgate/registry';
import { MAX_INT32 } from '../page-query.dto';

export class RegisterModelDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The fleetgate.model.json document' })
  @IsObject()
  manifest!: Record<string, unknown>;

  @ApiProperty({ description: 'The .onnx file, base64-encoded' })
  @IsString()
  onnxBase64!: string;

  @ApiPropertyOptional({ description: 'Register as this version number; 409 when it holds other content', maximum: MAX_INT32 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT32)
  version?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Reference profile computed elsewhere: { features: [{ name, sample }], output?: { sample }, signals?, alarmRate? }',
  })
  @IsOptional()
  @IsObject()
  profile?: Record<string, unknown>;
}

/** The text fields of a multipart upload (`POST /api/models/upload`); the files are described by `MODEL_UPLOAD_BODY`. */
export class UploadModelFieldsDto {
  @IsOptional()
  @IsString()
  manifest?: string;

  @IsOptional()
  @IsString()
  profile?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,8}$/, { message: 'version must be a positive integer' })
  version?: string;
}

/** The OpenAPI description of the multipart upload. */
export const MODEL_UPLOAD_BODY = {
  type: 'object',
  required: ['model', 'manifest'],
  properties: {
    model: { type: 'string', format: 'binary', description: 'The .onnx file (at most 50 MiB)' },
    manifest: { type: 'string', description: 'The fleetgate.model.json document: a file part or a text field' },
    profile: { type: 'string', description: 'Optional reference profile computed elsewhere (JSON): a file part or a text field' },
    version: { type: 'integer', minimum: 1, description: 'Register as this version number; 409 when it holds other content' },
  },
};

export class StageChangeDto {
  @ApiProperty({ enum: STAGES, nullable: true }) fromStage!: string | null;
  @ApiProperty({ enum: STAGES }) toStage!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'ISO time' }) at!: string;
}

class ProfileWindowsDto {
  @ApiProperty({ nullable: true, type: Number }) total!: number | null;
  @ApiProperty() healthy!: number;
}

export class ProfileSummaryDto {
  @ApiProperty({ enum: ['computed', 'uploaded', 'absent'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why there is no profile, or where it came from' }) reason!: string | null;
  @ApiProperty() features!: number;
  @ApiProperty() signals!: number;
  @ApiProperty({ nullable: true, type: ProfileWindowsDto }) windows!: ProfileWindowsDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Stored sample size per feature' }) sampleSize!: number | null;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'number' }, { type: 'string' }], description: 'Share of training windows beyond the threshold' }) alarmRate!:
    number | string | null;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'number' }, { type: 'string' }] }) healthyAlarmRate!: number | string | null;
}

export class ModelVersionDto {
  @ApiProperty() id!: string;
  @ApiProperty() model!: string;
  @ApiProperty() task!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'sha256 of the ONNX bytes' }) sha256!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'sha256 of the canonical manifest text' }) manifestSha256!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) manifest!: Record<string, unknown>;
  @ApiProperty({ description: 'The ONNX input the platform feeds (found in the file at registration)' }) inputName!: string;
  @ApiProperty({ description: 'The ONNX output the platform reads (the manifest output.name)' }) outputName!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Training machines, period, framework, commit, metadata' }) provenance!: Record<
    string,
    unknown
  >;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
  @ApiProperty({ type: [StageChangeDto] }) history!: StageChangeDto[];
  @ApiProperty({ type: ProfileSummaryDto }) profile!: ProfileSummaryDto;
}

export class ModelSummaryDto {
  @ApiProperty() name!: string;
  @ApiProperty() task!: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
  @ApiProperty() versionCount!: number;
  @ApiProperty({ nullable: true, type: Number }) latestVersion!: number | null;
}

export class ModelVersionRowDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ enum: ['computed', 'uploaded', 'absent'] }) profileStatus!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
}

export class ModelDetailDto extends ModelSummaryDto {
  @ApiProperty({ type: [ModelVersionRowDto] }) versions!: ModelVersionRowDto[];
}
