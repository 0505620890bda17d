import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { MachineBaseline } from '@fleetgate/fleet';
import type { BaselineReset, SuspendedDeployment } from '@fleetgate/gate';

// Presence, order and the period's sense are checked by the service, which names each field.
export class SetBaselineDto {
  @ApiProperty({ description: 'Start of the baseline period: an ISO-8601 instant, not in the future', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiProperty({ description: 'End of the baseline period: an ISO-8601 instant after `from`, not in the future', example: '2026-03-15T00:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiProperty({ description: 'Why the machine gets a new baseline (e.g. the overhaul it follows); required', example: 'bearing and seal overhaul, WO-4411' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class MachineBaselineDto implements MachineBaseline {
  @ApiProperty() machineId!: string;
  @ApiProperty() assetId!: string;
  @ApiProperty({ description: '1, 2, … per machine; the newest applies' }) version!: number;
  @ApiProperty({ description: 'epoch ms' }) fromMs!: number;
  @ApiProperty({ description: 'epoch ms' }) toMs!: number;
  @ApiProperty({ description: 'ISO time' }) from!: string;
  @ApiProperty({ description: 'ISO time' }) to!: string;
  @ApiProperty() note!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
}

class SuspendedDeploymentDto implements SuspendedDeployment {
  @ApiProperty() deploymentId!: string;
  @ApiProperty() model!: string;
  @ApiProperty() version!: number;
  @ApiProperty() modelVersionId!: string;
  @ApiProperty() promotionId!: string;
}

export class BaselineResetDto implements BaselineReset {
  @ApiProperty({ type: MachineBaselineDto }) baseline!: MachineBaselineDto;
  @ApiProperty({
    type: [SuspendedDeploymentDto],
    description: "The machine's production deployments, suspended until a promotion re-evaluated on it replaces them",
  })
  suspended!: SuspendedDeploymentDto[];
  @ApiProperty({ type: String, nullable: true, description: 'The reason written on them; null when nothing was deployed on the machine' })
  suspendedReason!: string | null;
}
