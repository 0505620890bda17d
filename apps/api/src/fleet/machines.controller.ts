import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { FleetService, TagMappingService } from '@fleetgate/fleet';
import { CreateMachineDto, MachineDto, MachineListDto, MachineQueryDto, toMachineDto } from './machines.dto';
import { TagResolutionDto, VersionQueryDto } from './mapping.dto';

@ApiTags('fleet')
@ApiBearerAuth()
@Controller('machines')
export class MachinesController {
  constructor(
    private readonly fleet: FleetService,
    private readonly mapping: TagMappingService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Machines by site, model, age, asset id; paged; plant managers see their sites only' })
  @ApiResponse({ status: 200, type: MachineListDto })
  async list(@Query() q: MachineQueryDto, @CurrentActor() actor: Actor): Promise<MachineListDto> {
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const [total, machines] = await Promise.all([this.fleet.countMachines(q, actor), this.fleet.listMachines({ ...q, limit, offset }, actor)]);
    const now = Date.now();
    return { total, limit, offset, items: machines.map((m) => toMachineDto(m, this.fleet.ageYears(m, now))) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One machine, by id or asset id' })
  @ApiResponse({ status: 200, type: MachineDto })
  @ApiResponse({ status: 404, description: 'Unknown, or (for a plant manager) of another site: the same answer' })
  async get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<MachineDto> {
    const machine = await this.fleet.getMachine(id, actor);
    return toMachineDto(machine, this.fleet.ageYears(machine));
  }

  @Get(':id/tags')
  @ApiOperation({ summary: "How the machine's raw tags map to canonical signals: conversion, unmapped, ambiguous" })
  @ApiResponse({ status: 200, type: TagResolutionDto })
  async tags(@Param('id') id: string, @Query() q: VersionQueryDto, @CurrentActor() actor: Actor): Promise<TagResolutionDto> {
    const machine = await this.fleet.getMachine(id, actor);
    return this.mapping.resolveForMachine(machine, q.version);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register one machine in an existing site (and line)' })
  @ApiResponse({ status: 201, type: MachineDto })
  @ApiResponse({ status: 400, description: 'Every bad field named' })
  @ApiResponse({ status: 409, description: 'Asset id taken' })
  async create(@Body() body: CreateMachineDto, @CurrentActor() actor: Actor): Promise<MachineDto> {
    const machine = await this.fleet.createMachine(body, actor.name);
    return toMachineDto(machine, this.fleet.ageYears(machine));
  }
}
