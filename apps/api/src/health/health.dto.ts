import { ApiProperty } from '@nestjs/swagger';

class ComponentDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiProperty({ required: false }) driver?: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'down'] }) status!: 'ok' | 'down';
  @ApiProperty({ type: ComponentDto }) database!: ComponentDto;
  @ApiProperty({ type: ComponentDto }) redis!: ComponentDto;
}
