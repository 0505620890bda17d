import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { EVENT_KINDS, EventKind } from '@fleetgate/telemetry';

export class MachineEventsQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 start (default: all of them)' }) @IsOptional() @IsString() from?: string;
  @ApiPropertyOptional({ description: 'ISO-8601 end' }) @IsOptional() @IsString() to?: string;
  @ApiPropertyOptional({ enum: EVENT_KINDS }) @IsOptional() @IsIn(EVENT_KINDS as EventKind[]) kind?: EventKind;
}

export class MachineEventDto {
  @ApiProperty({ description: 'ISO time' }) at!: string;
  @ApiProperty({ enum: EVENT_KINDS }) kind!: EventKind;
  @ApiProperty({ description: "'' when not known" }) component!: string;
  @ApiProperty({ description: "Error or alarm code; '' when none" }) code!: string;
  @ApiProperty() source!: string;
}

export class MachineEventsDto {
  @ApiProperty() assetId!: string;
  @ApiProperty({ type: [MachineEventDto] }) events!: MachineEventDto[];
}
