import { Body, Controller, Get, Param, ParseIntPipe, Post, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { ModelVersionService, RegistryService } from '@fleetgate/registry';
import { decodeBase64 } from './base64.util';
import { ModelUploadInterceptor } from './model-upload.interceptor';
import { registrationFromUpload, UploadedParts } from './model-upload.util';
import { MODEL_UPLOAD_BODY, ModelDetailDto, ModelSummaryDto, ModelVersionDto, RegisterModelDto, UploadModelFieldsDto } from './models.dto';

type StatusResponse = { status: (n: number) => void };

@ApiTags('models')
@ApiBearerAuth()
@Controller('models')
export class ModelsController {
  constructor(private readonly registry: RegistryService) {}

  @Post('register')
  @Roles('admin', 'ml-engineer')
  @ApiOperation({
    summary:
      'Register an ONNX model version with its manifest, as JSON with the file base64-encoded (201 new, 200 when identical content is already registered). ' +
      'JSON bodies are limited to 50 MiB: send models above about 35 MB to POST /api/models/upload',
  })
  @ApiResponse({ status: 201, type: ModelVersionDto })
  @ApiResponse({ status: 200, type: ModelVersionDto, description: 'Same bytes and manifest: the existing version' })
  @ApiResponse({ status: 400, description: 'Invalid manifest (unknown signals included), model or profile; nothing is stored' })
  @ApiResponse({ status: 409, description: 'The requested version number holds other content' })
  @ApiResponse({ status: 413, description: 'The JSON body is larger than 50 MiB' })
  async register(@Body() body: RegisterModelDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: StatusResponse): Promise<ModelVersionDto> {
    const onnx = decodeBase64(body.onnxBase64, 'onnxBase64');
    const { created, version } = await this.registry.register({ manifest: body.manifest, onnx, version: body.version, profile: body.profile }, actor);
    res.status(created ? 201 : 200);
    return version;
  }

  @Post('upload')
  @Roles('admin', 'ml-engineer')
  @UseInterceptors(ModelUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: MODEL_UPLOAD_BODY })
  @ApiOperation({
    summary: 'Register an ONNX model version from a multipart/form-data upload (parts model, manifest, optional profile and version); same answers as register',
  })
  @ApiResponse({ status: 201, type: ModelVersionDto })
  @ApiResponse({ status: 200, type: ModelVersionDto, description: 'Same bytes and manifest: the existing version' })
  @ApiResponse({ status: 400, description: 'A missing or malformed part, invalid manifest, model or profile; nothing is stored' })
  @ApiResponse({ status: 409, description: 'The requested version number holds other content' })
  @ApiResponse({ status: 413, description: 'The model file is larger than 50 MiB' })
  async upload(
    @UploadedFiles() files: UploadedParts | undefined,
    @Body() fields: UploadModelFieldsDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: StatusResponse,
  ): Promise<ModelVersionDto> {
    const { created, version } = await this.registry.register(registrationFromUpload(files, fields), actor);
    res.status(created ? 201 : 200);
    return version;
  }

  @Get()
  @ApiOperation({ summary: 'Registered models' })
  @ApiResponse({ status: 200, type: [ModelSummaryDto] })
  list(): Promise<ModelSummaryDto[]> {
    return this.registry.listModels();
  }

  @Get(':name')
  @ApiOperation({ summary: 'A model and its versions' })
  @ApiResponse({ status: 200, type: ModelDetailDto })
  get(@Param('name') name: string): Promise<ModelDetailDto> {
    return this.registry.getModel(name);
  }

  @Get(':name/versions/:version')
  @ApiOperation({ summary: 'One version: manifest, sha256, provenance, stage, history, profile summary' })
  @ApiResponse({ status: 200, type: ModelVersionDto })
  version(@Param('name') name: string, @Param('version', ParseIntPipe) version: number): Promise<ModelVersionDto> {
    return this.registry.getVersion(name, version);
  }
}

@ApiTags('models')
@ApiBearerAuth()
@Controller('model-versions')
export class ModelVersionsController {
  constructor(private readonly versions: ModelVersionService) {}

  @Get(':id')
  @ApiOperation({ summary: 'One version by id' })
  @ApiResponse({ status: 200, type: ModelVersionDto })
  get(@Param('id') id: string): Promise<ModelVersionDto> {
    return this.versions.view(id);
  }

  @Get(':id/profile')
  @ApiOperation({ summary: 'The full reference profile (samples, quantiles, bins; NaN as null, ±Infinity as strings); null when absent' })
  @ApiResponse({ status: 200, description: 'ReferenceProfileJson or null' })
  async profile(@Param('id') id: string): Promise<{ profile: unknown }> {
    return { profile: await this.versions.profileJson(id) };
  }
}
