import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { ApprovalService, PromotionService, PromotionSiteViewService } from '@fleetgate/gate';
import { ApprovePromotionDto, CreatePromotionDto, PromotionDto, PromotionQueryDto, RejectPromotionDto } from './promotions.dto';

@ApiTags('gate')
@ApiBearerAuth()
@Controller('promotions')
export class PromotionsController {
  constructor(
    private readonly promotions: PromotionService,
    private readonly approvals: ApprovalService,
    private readonly views: PromotionSiteViewService,
  ) {}

  @Post()
  @Roles('admin', 'ml-engineer', 'reliability-engineer')
  @ApiOperation({ summary: 'Request a promotion; every rule of the policy is judged on the evidence run over the machines of the scope' })
  @ApiResponse({ status: 201, type: PromotionDto })
  @ApiResponse({ status: 422, description: 'Evidence of another version, unfinished or too old; stage order' })
  create(@Body() body: CreatePromotionDto, @CurrentActor() actor: Actor): Promise<PromotionDto> {
    return this.promotions.request(body, actor);
  }

  @Get()
  @ApiOperation({ summary: "Promotion requests, newest first; a plant manager sees only those of their sites' machines, limited to those machines" })
  @ApiResponse({ status: 200, type: [PromotionDto] })
  list(@Query() q: PromotionQueryDto, @CurrentActor() actor: Actor): Promise<PromotionDto[]> {
    return this.views.list(q, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One request with each rule outcome and the decision; 404 for a plant manager when none of its machines is theirs' })
  @ApiResponse({ status: 200, type: PromotionDto })
  @ApiResponse({ status: 404 })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<PromotionDto> {
    return this.views.get(id, actor);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('reliability-engineer')
  @ApiOperation({ summary: 'Approve and apply (deployments + stage change, one transaction); a reliability engineer other than the requester' })
  @ApiResponse({ status: 200, type: PromotionDto })
  @ApiResponse({ status: 400, description: 'A waiver without justification, or for a rule that passed' })
  @ApiResponse({ status: 403, description: 'The requester approving their own request' })
  @ApiResponse({ status: 409, description: 'No longer pending, or a concurrent promotion changed the same machines' })
  @ApiResponse({ status: 422, description: 'Blocking rules without waivers, listed' })
  approve(@Param('id', ParseUUIDPipe) id: string, @Body() body: ApprovePromotionDto, @CurrentActor() actor: Actor): Promise<PromotionDto> {
    return this.approvals.approve(id, body, actor);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('admin', 'reliability-engineer')
  @ApiOperation({ summary: 'Reject a pending request, with a reason' })
  @ApiResponse({ status: 200, type: PromotionDto })
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() body: RejectPromotionDto, @CurrentActor() actor: Actor): Promise<PromotionDto> {
    return this.promotions.reject(id, body.reason, actor);
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @Roles('admin', 'reliability-engineer')
  @ApiOperation({ summary: 'Restore what an approved promotion replaced on its scope' })
  @ApiResponse({ status: 200, type: PromotionDto })
  @ApiResponse({ status: 409, description: 'Not approved, or a later promotion has replaced it (roll that back first)' })
  rollback(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<PromotionDto> {
    return this.approvals.rollback(id, actor);
  }
}
