import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Between, DataSource, EntityManager, In, LessThan, MoreThan, Not } from 'typeorm';
import { ACTIVE_PRODUCTION_WHERE, DeploymentEntity } from '@fleetgate/gate';
import { versionLabels } from '@fleetgate/registry';
import { enqueueWebhookEvent, WebhookEventType } from '@fleetgate/webhooks';
import { AlarmEntity } from '../alarm/alarm.entity';
import { MachineHealthEntity } from '../health/machine-health.entity';
import { MaintenanceWindowEntity } from '../maintenance/maintenance-window.entity';
import { StreamEventEntity, StreamEventType } from '../stream/stream-event.entity';
import { MachineScoreEntity } from './machine-score.entity';

const CHUNK = 500;

/** Stream events that are also webhook events (acknowledgements are sent by the alarm repository, in its own transaction). */
const WEBHOOK_OF: Partial<Record<StreamEventType, WebhookEventType>> = { 'alarm-raised': 'alarm.raised', 'alarm-cleared': 'alarm.closed' };

export interface OutboxEvent {
  type: StreamEventType;
  site: string | null;
  machineId: string | null;
  payload: Record<string, unknown>;
}

/** What one scoring job writes, in one transaction. */
export interface ScoringWrite {
  scores: MachineScoreEntity[];
  newAlarms: AlarmEntity[];
  closeAlarms: Array<{ id: string; closedAtMs: number; reason: string }>;
  health: MachineHealthEntity | null;
  events: OutboxEvent[];
}

/** The scoring tables: scores, health, alarms, maintenance windows and the stream's outbox (reads deployments, never writes them). */
@Injectable()
export class ScoringRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  activeProduction(machineId?: string): Promise<DeploymentEntity[]> {
    return this.dataSource
      .getRepository(DeploymentEntity)
      .find({ where: { stage: 'production', active: true, ...(machineId ? { machineId } : {}) }, order: { machineId: 'ASC', modelId: 'ASC' } });
  }

  /**
   * The newest scored window end of every active production deployment's (machine, version) that
   * has one: one index lookup per deployment (the primary key's prefix), never a scan of all scores.
   */
  async lastScoredEnds(): Promise<Map<string, number>> {
    const rows: Array<{ machine_id: string; model_version_id: string; end_ms: string | number | null }> = await this.dataSource.query(
      `SELECT d.machine_id, d.model_version_id,
              (SELECT MAX(s.window_end_ms) FROM machine_scores s WHERE s.machine_id = d.machine_id AND s.model_version_id = d.model_version_id) AS end_ms
         FROM deployments d WHERE ${ACTIVE_PRODUCTION_WHERE.replace(/"active"/, 'd."active"').replace(/"stage"/, 'd."stage"')}`,
    );
    return new Map(rows.filter((r) => r.end_ms !== null).map((r) => [scoreKey(r.machine_id, r.model_version_id), Number(r.end_ms)]));
  }

  /** The newest `limit` scores of a machine under a version, newest first. */
  recentScores(machineId: string, modelVersionId: string, limit: number, beforeMs?: number): Promise<MachineScoreEntity[]> {
    return this.dataSource.getRepository(MachineScoreEntity).find({
      where: { machineId, modelVersionId, ...(beforeMs !== undefined ? { windowEndMs: LessThan(beforeMs) } : {}) },
      order: { windowEndMs: 'DESC' },
      take: limit,
    });
  }

  scoresBetween(machineId: string, fromMs: number, toMs: number): Promise<MachineScoreEntity[]> {
    return this.dataSource.getRepository(MachineScoreEntity).find({
      where: { machineId, windowEndMs: Between(fromMs, toMs) },
      order: { windowEndMs: 'ASC' },
    });
  }

  countScores(machineIds?: string[]): Promise<number> {
    return this.dataSource.getRepository(MachineScoreEntity).count(machineIds ? { where: { machineId: In(machineIds) } } : {});
  }

  /** The alarm of this deployment that is not closed (at most one: the rule keeps one episode at a time). */
  openAlarm(deploymentId: string): Promise<AlarmEntity | null> {
    return this.dataSource.getRepository(AlarmEntity).findOne({ where: { deploymentId, status: Not('closed') }, order: { openedAtMs: 'DESC' } });
  }

  health(machineId: string): Promise<MachineHealthEntity | null> {
    return this.dataSource.getRepository(MachineHealthEntity).findOne({ where: { machineId } });
  }

  /**
   * A fingerprint of what a fleet-health view rests on in the database — stored health (every
   * scoring job writes it), deployments (promotions, rollbacks, suspensions) and machines — in one
   * round trip of aggregates: equal fingerprints, nothing there has changed.
   */
  async healthStamp(): Promise<string> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM machine_health) AS h, (SELECT MAX(updated_at) FROM machine_health) AS hu,
              (SELECT COUNT(*) FROM deployments) AS d, (SELECT MAX(created_at) FROM deployments) AS dc,
              (SELECT COUNT(superseded_at) FROM deployments) AS ds, (SELECT MAX(superseded_at) FROM deployments) AS dsu,
              (SELECT COUNT(suspended_at) FROM deployments) AS dp, (SELECT MAX(suspended_at) FROM deployments) AS dpu,
              (SELECT COUNT(*) FROM machines) AS m`,
    )) as Array<Record<string, unknown>>;
    return Object.values(row).map(String).join('|');
  }

  async healthOf(machineIds?: string[]): Promise<MachineHealthEntity[]> {
    if (!machineIds) return this.dataSource.getRepository(MachineHealthEntity).find();
    const out: MachineHealthEntity[] = [];
    for (let i = 0; i < machineIds.length; i += CHUNK) {
      out.push(...(await this.dataSource.getRepository(MachineHealthEntity).find({ where: { machineId: In(machineIds.slice(i, i + CHUNK)) } })));
    }
    return out;
  }

  /** Maintenance windows of this machine or line overlapping [fromMs, toMs]. */
  maintenanceFor(machineId: string, lineId: string | null, fromMs: number, toMs: number): Promise<MaintenanceWindowEntity[]> {
    const overlap = { fromMs: LessThan(toMs + 1), toMs: MoreThan(fromMs) };
    return this.dataSource.getRepository(MaintenanceWindowEntity).find({
      where: [{ machineId, ...overlap }, ...(lineId ? [{ lineId, ...overlap }] : [])],
      order: { fromMs: 'ASC' },
    });
  }

  /** Scores (upserted on machine × version × window end), alarm changes, health and the outbox, all or nothing. */
  async write(w: ScoringWrite): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      for (let i = 0; i < w.scores.length; i += CHUNK) {
        await m
          .createQueryBuilder()
          .insert()
          .into(MachineScoreEntity)
          .values(w.scores.slice(i, i + CHUNK))
          .orUpdate(['deployment_id', 'score', 'threshold', 'beyond', 'healthy', 'scored_at'], ['machine_id', 'model_version_id', 'window_end_ms'])
          .execute();
      }
      for (const c of w.closeAlarms)
        await m.getRepository(AlarmEntity).update({ id: c.id }, { status: 'closed', closedAtMs: c.closedAtMs, closedReason: c.reason });
      if (w.newAlarms.length) await m.getRepository(AlarmEntity).insert(w.newAlarms);
      if (w.health) await m.getRepository(MachineHealthEntity).save(w.health);
      await this.publish(w.events, m);
    });
  }

  /** A state decided without scoring (no-data, suspended, not-covered), with its event. */
  async markState(machineId: string, state: MachineHealthEntity['state'], reason: string | null, lastDataMs: number | null, event: OutboxEvent): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(MachineHealthEntity).update({ machineId }, { state, reason, lastDataMs, updatedAt: Date.now() });
      await this.publish([event], m);
    });
  }

  /** Writes events to the outbox (inside the caller's transaction when given). */
  async publish(events: OutboxEvent[], m: EntityManager = this.dataSource.manager): Promise<void> {
    if (!events.length) return;
    const now = Date.now();
    await m
      .getRepository(StreamEventEntity)
      .insert(events.map((e) => ({ type: e.type, site: e.site, machineId: e.machineId, payload: JSON.stringify(e.payload), createdAt: now })));
    for (const e of events) {
      const hook = WEBHOOK_OF[e.type];
      if (hook) await enqueueWebhookEvent(m, hook, { machineId: e.machineId, ...e.payload });
    }
  }

  /** Model name and version number of these versions (for labels only). */
  versionLabels(ids: string[]): Promise<Array<{ id: string; version: number; model: string }>> {
    return versionLabels(this.dataSource, ids);
  }

  newAlarmId(): string {
    return randomUUID();
  }
}

export const scoreKey = (machineId: string, modelVersionId: string) => `${machineId}|${modelVersionId}`;
