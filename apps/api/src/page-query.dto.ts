import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The largest value of an `integer` column (and a sane bound for any count or offset). */
export const MAX_INT32 = 2_147_483_647;

/** `?offset=&limit=` paging, shared by every paged list. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 0, maximum: MAX_INT32 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_INT32) offset?: number;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}
