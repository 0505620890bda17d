import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThanOrEqual, MoreThan, MoreThanOrEqual } from 'typeorm';
import { AlarmEntity } from '../alarm/alarm.entity';
import { MachineScoreEntity } from '../score/machine-score.entity';
import { ShadowEntity, ShadowScoreEntity } from './shadow.entity';

/** Shadow mode's queries: shadows, their compared windows, and the production rows they read. */
@Injectable()
export class ShadowRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(shadow: ShadowEntity): Promise<ShadowEntity> {
    return this.dataSource.getRepository(ShadowEntity).save(shadow);
  }

  find(id: string): Promise<ShadowEntity | null> {
    return this.dataSource.getRepository(ShadowEntity).findOne({ where: { id } });
  }

  /** False when it was stopped already. */
  async stop(id: string, atMs: number): Promise<boolean> {
    const r = await this.dataSource.getRepository(ShadowEntity).update({ id, stoppedAt: IsNull() }, { stoppedAt: atMs });
    return (r.affected ?? 0) > 0;
  }

  /** Running shadows (few: one per candidate under trial). */
  running(): Promise<ShadowEntity[]> {
    return this.dataSource.getRepository(ShadowEntity).find({ where: { stoppedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /** The newest compared windows of a shadow on a machine, newest first. */
  lastScores(shadowId: string, machineId: string, limit: number): Promise<ShadowScoreEntity[]> {
    return this.dataSource.getRepository(ShadowScoreEntity).find({ where: { shadowId, machineId }, order: { windowEndMs: 'DESC' }, take: limit });
  }

  /** Production's stored windows of a machine and version after `afterMs`, oldest first. */
  productionScoresAfter(machineId: string, modelVersionId: string, afterMs: number): Promise<MachineScoreEntity[]> {
    return this.dataSource
      .getRepository(MachineScoreEntity)
      .find({ where: { machineId, modelVersionId, windowEndMs: MoreThan(afterMs) }, order: { windowEndMs: 'ASC' } });
  }

  /** Production's windows of a machine and version scored at or after `scoredAtMs` (wall clock), oldest first. */
  productionScoresSince(machineId: string, modelVersionId: string, scoredAtMs: number): Promise<MachineScoreEntity[]> {
    return this.dataSource
      .getRepository(MachineScoreEntity)
      .find({ where: { machineId, modelVersionId, scoredAt: MoreThanOrEqual(scoredAtMs) }, order: { windowEndMs: 'ASC' } });
  }

  /** A deployment's alarms opened up to `toMs` and not closed before `fromMs`. */
  async alarmsOverlapping(deploymentId: string, fromMs: number, toMs: number): Promise<AlarmEntity[]> {
    const rows = await this.dataSource.getRepository(AlarmEntity).find({ where: { deploymentId, openedAtMs: LessThanOrEqual(toMs) } });
    return rows.filter((a) => a.closedAtMs === null || a.closedAtMs >= fromMs);
  }

  /** Upsert on (shadow, machine, window end): a retried job changes nothing. */
  async saveScores(rows: ShadowScoreEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await this.dataSource.getRepository(ShadowScoreEntity).upsert(rows.slice(i, i + 500), ['shadowId', 'machineId', 'windowEndMs']);
    }
  }

  scoresOf(shadowId: string): Promise<ShadowScoreEntity[]> {
    return this.dataSource.getRepository(ShadowScoreEntity).find({ where: { shadowId }, order: { machineId: 'ASC', windowEndMs: 'ASC' } });
  }

  /** Running shadows of a version (starting another on the same machines would count windows twice). */
  runningOf(modelVersionId: string): Promise<ShadowEntity[]> {
    return this.dataSource.getRepository(ShadowEntity).find({ where: { modelVersionId, stoppedAt: IsNull() } });
  }
}
