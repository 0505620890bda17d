import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { GatePolicyService } from '@fleetgate/gate';
import { CreatePolicyDto, PolicyDto } from './gate-policies.dto';

@ApiTags('gate')
@ApiBearerAuth()
@Controller('gate/policies')
export class GatePoliciesController {
  constructor(private readonly policies: GatePolicyService) {}

  @Post()
  @Roles('admin', 'reliability-engineer')
  @ApiOperation({
    summary: 'Propose a new version of a gate policy (version 1 for a new name); it judges nothing until a second person approves it',
  })
  @ApiResponse({ status: 201, type: PolicyDto })
  @ApiResponse({ status: 400, description: 'Unknown rule kind, duplicate rule id, impossible threshold — each named by field' })
  create(@Body() body: CreatePolicyDto, @CurrentActor() actor: Actor): Promise<PolicyDto> {
    return this.policies.create(body, actor);
  }

  @Post(':name/versions/:version/approve')
  @HttpCode(200)
  @Roles('admin', 'reliability-engineer')
  @ApiOperation({ summary: 'Approve a proposed policy version (never by its author); requests are then judged by the latest approved version' })
  @ApiResponse({ status: 200, type: PolicyDto })
  @ApiResponse({ status: 403, description: 'GATE_POLICY_SELF_APPROVAL: the author cannot approve their own version, whatever their role' })
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 409, description: 'GATE_POLICY_NOT_PROPOSED: already approved' })
  approve(@Param('name') name: string, @Param('version', ParseIntPipe) version: number, @CurrentActor() actor: Actor): Promise<PolicyDto> {
    return this.policies.approve(name, version, actor);
  }

  @Get()
  @ApiOperation({ summary: 'Every version of every policy (the shipped default is version 1 of "default")' })
  @ApiResponse({ status: 200, type: [PolicyDto] })
  list(): Promise<PolicyDto[]> {
    return this.policies.list();
  }

  @Get(':name/versions/:version')
  @ApiOperation({ summary: 'One policy version' })
  @ApiResponse({ status: 200, type: PolicyDto })
  @ApiResponse({ status: 404 })
  get(@Param('name') name: string, @Param('version', ParseIntPipe) version: number): Promise<PolicyDto> {
    return this.policies.get(name, version);
  }
}
