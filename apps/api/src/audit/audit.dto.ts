import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { HEAD_TEXT_PATTERN } from '@fleetgate/audit';
import { MAX_INT32 } from '../page-query.dto';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Only events after this sequence number', maximum: MAX_INT32 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INT32)
  afterSeq?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() action?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() subject?: string;
}

export class AuditEventDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ description: 'ISO time' }) at!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() action!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Canonical JSON text, exactly as hashed' }) payload!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
  @ApiProperty({ description: 'Hash encoding: 1 = fields joined by newlines (older events), 2 = JSON array of the fields' }) format!: number;
}

export class AuditVerifyQueryDto {
  @ApiPropertyOptional({
    description: 'An earlier head (`count:hash:hmac`, from an earlier verify or an evidence bundle): reports truncation or rewrite since',
    example: `3:${'a'.repeat(64)}:${'b'.repeat(64)}`,
  })
  @IsOptional()
  @IsString()
  @Matches(HEAD_TEXT_PATTERN, { message: 'against must be <count>:<64 hex hash>:<64 hex hmac>' })
  against?: string;
}

export class AuditHeadDto {
  @ApiProperty({ description: 'Events in the chain' }) count!: number;
  @ApiProperty({ description: 'Hash of the last event' }) hash!: string;
  @ApiProperty({ description: 'HMAC-SHA256 of (count, hash) under FLEETGATE_AUDIT_KEY' }) hmac!: string;
}

class AnchorDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ enum: ['extends', 'truncated', 'rewritten', 'not-authentic'] }) outcome!: string;
  @ApiProperty() detail!: string;
}

class BrokenDto {
  @ApiProperty() seq!: number;
  @ApiProperty() reason!: string;
}

export class AuditVerifyDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() checked!: number;
  @ApiPropertyOptional({ type: BrokenDto }) firstBroken?: BrokenDto;
  @ApiProperty() lastHash!: string;
  @ApiPropertyOptional({ type: AuditHeadDto, description: 'The signed head; absent when the chain is broken. Keep a copy to detect truncation later' })
  head?: AuditHeadDto;
  @ApiPropertyOptional({ type: AnchorDto, description: 'The comparison with `against`' }) against?: AnchorDto;
  @ApiProperty({ description: 'Signed with the published development key (FLEETGATE_AUDIT_KEY unset): the head proves nothing' })
  keyIsDefault!: boolean;
}
