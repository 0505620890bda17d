import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { TagMappingService } from '@fleetgate/fleet';
import { CreateSignalDto, SignalDto } from './mapping.dto';

@ApiTags('mapping')
@ApiBearerAuth()
@Controller('signals')
export class SignalsController {
  constructor(private readonly mapping: TagMappingService) {}

  @Get()
  @ApiOperation({ summary: 'The canonical signal catalog' })
  @ApiResponse({ status: 200, type: [SignalDto] })
  catalog(): Promise<SignalDto[]> {
    return this.mapping.catalog();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a canonical signal (existing ones cannot be redefined)' })
  @ApiResponse({ status: 201, type: SignalDto })
  @ApiResponse({ status: 409, description: 'Name taken' })
  addSignal(@Body() body: CreateSignalDto, @CurrentActor() actor: Actor): Promise<SignalDto> {
    return this.mapping.addSignal({ ...body, description: body.description ?? '' }, actor.name);
  }
}
