import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { WEBHOOK_EVENTS } from '@fleetgate/webhooks';
import type { WebhookEventType } from '@fleetgate/webhooks';

export class CreateWebhookDto {
  @ApiProperty({ description: 'https (or http) URL of a public host; private, loopback and link-local addresses are refused', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, description: 'The events this hook receives' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS as readonly string[] as string[], { each: true })
  events!: WebhookEventType[];

  @ApiProperty({ minLength: 16, maxLength: 512, description: 'Keys the HMAC-SHA256 signature of every delivery; never returned, never logged' })
  @IsString()
  @MaxLength(512)
  secret!: string;
}

export class WebhookDto {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: WebhookEventType[];
  @ApiProperty({ enum: ['active', 'paused'] }) status!: 'active' | 'paused';
  @ApiProperty({ type: String, nullable: true, description: 'Why delivery stopped (the last error after the last retry, or who paused it)' })
  pausedReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) pausedAt!: string | null;
  @ApiProperty({ description: 'Events in the outbox not yet delivered' }) pendingEvents!: number;
  @ApiProperty() deliveredEvents!: number;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
}

export class WebhookDeliveryDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: "The event's number in this hook's sequence" }) seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty({ description: '1-based attempt within the current series (a resume starts a new series)' }) attempt!: number;
  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome!: 'delivered' | 'failed';
  @ApiProperty({ type: Number, nullable: true }) httpStatus!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty() attemptedAt!: string;
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}
