import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
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
}
