import { ApiProperty } from '@nestjs/swagger';
import { DEAD_LETTER_KINDS, DeadLetterKind } from '@fleetgate/telemetry';

class IngestRatesDto {
  @ApiProperty({ description: 'Minutes the rates average over (the current one included)' }) windowMinutes!: number;
  @ApiProperty() messagesPerMinute!: number;
  @ApiProperty({ description: 'Values received (nulls excluded)' }) samplesPerMinute!: number;
  @ApiProperty({ description: 'Values dead-lettered' }) deadLetteredPerMinute!: number;
}

class IngestMinuteDto {
  @ApiProperty({ description: 'Start of the minute (ISO-8601)' }) minute!: string;
  @ApiProperty() messages!: number;
  @ApiProperty({ description: 'Values received (nulls excluded)' }) samples!: number;
  @ApiProperty({ description: 'Values placed on their grid and merged into the store' }) stored!: number;
  @ApiProperty({ description: 'Values new to the store (a redelivered message writes none)' }) written!: number;
  @ApiProperty({ description: 'Stored values that were off their grid slot by less than half an interval' }) snapped!: number;
  @ApiProperty({ description: 'Values dead-lettered' }) deadLettered!: number;
  @ApiProperty({ description: 'Messages with at least one dead letter' }) deadLetterMessages!: number;
}

class IngestMachineDto {
  @ApiProperty() machineId!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty() lastMessageAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The newest sample time stored from its messages' }) lastSampleAt!: string | null;
  @ApiProperty() messages!: number;
}

class DeadLetterCountDto {
  @ApiProperty({ enum: DEAD_LETTER_KINDS }) kind!: DeadLetterKind;
  @ApiProperty({ description: 'Messages with this reason (a redelivered message counts once)' }) messages!: number;
  @ApiProperty({ description: 'Values refused for it (0 for a message that could not be read at all)' }) samples!: number;
  @ApiProperty() lastAt!: string;
}

class RecentDeadLetterDto {
  @ApiProperty() receivedAt!: string;
  @ApiProperty() topic!: string;
  @ApiProperty({ nullable: true, type: String }) assetId!: string | null;
  @ApiProperty({ enum: DEAD_LETTER_KINDS }) kind!: DeadLetterKind;
  @ApiProperty({ description: "The raw tag concerned, '' when the reason is not about one tag" }) tag!: string;
  @ApiProperty() detail!: string;
  @ApiProperty() samples!: number;
  @ApiProperty({ description: 'The first 200 characters of the kept payload' }) payloadPreview!: string;
  @ApiProperty() payloadBytes!: number;
  @ApiProperty({ description: 'The kept payload was cut at 64 KiB' }) truncated!: boolean;
}

class DeadLettersDto {
  @ApiProperty({ description: 'Messages with at least one dead letter, ever' }) messages!: number;
  @ApiProperty({ type: [DeadLetterCountDto] }) byReason!: DeadLetterCountDto[];
  @ApiProperty({ type: [RecentDeadLetterDto], description: 'The 20 newest' }) recent!: RecentDeadLetterDto[];
}

export class IngestStatusDto {
  @ApiProperty() at!: string;
  @ApiProperty({ type: IngestRatesDto }) rates!: IngestRatesDto;
  @ApiProperty({ type: [IngestMinuteDto], description: 'The last hour, minutes without a message left out' }) minutes!: IngestMinuteDto[];
  @ApiProperty({ type: [IngestMachineDto] }) machines!: IngestMachineDto[];
  @ApiProperty({ type: DeadLettersDto }) deadLetters!: DeadLettersDto;
}
