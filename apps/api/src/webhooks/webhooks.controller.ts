import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles } from '@fleetgate/auth';
import { WebhookService } from '@fleetgate/webhooks';
import { CreateWebhookDto, DeliveriesQueryDto, WebhookDeliveryDto, WebhookDto } from './webhooks.dto';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register a webhook: signed deliveries of the chosen events, in order (the secret is never returned)' })
  @ApiResponse({ status: 201, type: WebhookDto })
  @ApiResponse({ status: 400, description: 'Bad url, events or secret (the field is named)' })
  create(@Body() body: CreateWebhookDto, @CurrentActor() actor: Actor): Promise<WebhookDto> {
    return this.webhooks.create(body, actor);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Every webhook with its status and outbox counts' })
  @ApiResponse({ status: 200, type: WebhookDto, isArray: true })
  list(): Promise<WebhookDto[]> {
    return this.webhooks.list();
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One webhook' })
  @ApiResponse({ status: 200, type: WebhookDto })
  @ApiResponse({ status: 404 })
  get(@Param('id') id: string): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  @Get(':id/deliveries')
  @Roles('admin')
  @ApiOperation({ summary: 'The delivery log: every attempt, newest first' })
  @ApiResponse({ status: 200, type: WebhookDeliveryDto, isArray: true })
  @ApiResponse({ status: 404 })
  deliveries(@Param('id') id: string, @Query() q: DeliveriesQueryDto): Promise<WebhookDeliveryDto[]> {
    return this.webhooks.deliveries(id, q.limit);
  }

  @Post(':id/pause')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop delivering (events keep accumulating in the outbox)' })
  @ApiResponse({ status: 200, type: WebhookDto })
  @ApiResponse({ status: 409, description: 'Already paused' })
  pause(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<WebhookDto> {
    return this.webhooks.pause(id, actor);
  }

  @Post(':id/resume')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume delivery where it stopped (the event that failed is retried first)' })
  @ApiResponse({ status: 200, type: WebhookDto })
  @ApiResponse({ status: 409, description: 'Not paused' })
  resume(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<WebhookDto> {
    return this.webhooks.resume(id, actor);
  }
}
