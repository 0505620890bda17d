import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, IsNull, MoreThanOrEqual } from 'typeorm';
import { DeploymentEntity } from '@fleetgate/gate';
import { AlarmEntity } from '../alarm/alarm.entity';
import { MachineScoreEntity } from '../score/machine-score.entity';

/** The reads guards need: a deployment's scores and alarms over the trailing period. */
@Injectable()
export class GuardRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  scores(machineId: string, modelVersionId: string, fromMs: number, toMs: number): Promise<MachineScoreEntity[]> {
    return this.dataSource.getRepository(MachineScoreEntity).find({
      where: { machineId, modelVersionId, windowEndMs: Between(fromMs, toMs) },
      order: { windowEndMs: 'ASC' },
    });
  }

  /** Alarms of the deployment that were open at some point after `fromMs` (open ones included). */
  async alarms(deploymentId: string, fromMs: number): Promise<AlarmEntity[]> {
    const repo = this.dataSource.getRepository(AlarmEntity);
    return repo.find({
      where: [
        { deploymentId, closedAtMs: IsNull() },
        { deploymentId, closedAtMs: MoreThanOrEqual(fromMs) },
      ],
    });
  }

  deployment(id: string): Promise<DeploymentEntity | null> {
    return this.dataSource.getRepository(DeploymentEntity).findOne({ where: { id } });
  }

  /** Wall-clock `scoredAt` → the first window scored after it (what data a reinstated deployment is judged on). */
  async firstScoredAfter(machineId: string, modelVersionId: string, atMs: number): Promise<number | null> {
    const row = await this.dataSource
      .getRepository(MachineScoreEntity)
      .createQueryBuilder('s')
      .select('MIN(s.window_end_ms)', 'end')
      .where('s.machine_id = :machineId AND s.model_version_id = :modelVersionId AND s.scored_at >= :atMs', { machineId, modelVersionId, atMs })
      .getRawOne<{ end: string | number | null }>();
    return row?.end === null || row?.end === undefined ? null : Number(row.end);
  }
}
