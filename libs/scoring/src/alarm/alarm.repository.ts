import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, FindOptionsWhere, In } from 'typeorm';
import { enqueueWebhookEvent } from '@fleetgate/webhooks';
import { AlarmEntity, AlarmStatus } from './alarm.entity';

const CHUNK = 500;

@Injectable()
export class AlarmRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  find(id: string): Promise<AlarmEntity | null> {
    return this.ds.getRepository(AlarmEntity).findOne({ where: { id } });
  }

  /** Alarms of these machines (null: all), newest first. */
  async list(
    machineIds: string[] | null,
    q: { status?: AlarmStatus; suppressed?: boolean; fromMs?: number; toMs?: number; limit: number },
  ): Promise<AlarmEntity[]> {
    const where: FindOptionsWhere<AlarmEntity> = {
      ...(q.status ? { status: q.status } : {}),
      ...(q.suppressed !== undefined ? { suppressed: q.suppressed } : {}),
      ...(q.fromMs !== undefined && q.toMs !== undefined ? { openedAtMs: Between(q.fromMs, q.toMs) } : {}),
    };
    if (machineIds === null) return this.ds.getRepository(AlarmEntity).find({ where, order: { openedAtMs: 'DESC' }, take: q.limit });
    const out: AlarmEntity[] = [];
    for (let i = 0; i < machineIds.length; i += CHUNK) {
      out.push(
        ...(await this.ds
          .getRepository(AlarmEntity)
          .find({ where: { ...where, machineId: In(machineIds.slice(i, i + CHUNK)) }, order: { openedAtMs: 'DESC' }, take: q.limit })),
      );
    }
    return out.sort((a, b) => b.openedAtMs - a.openedAtMs).slice(0, q.limit);
  }

  /** Outcomes of every alarm of these deployments (suppressed ones do not count towards precision). */
  async outcomes(deploymentIds: string[]): Promise<Array<{ deploymentId: string; outcome: string | null }>> {
    if (!deploymentIds.length) return [];
    return this.ds
      .getRepository(AlarmEntity)
      .find({ select: { deploymentId: true, outcome: true }, where: { deploymentId: In(deploymentIds), suppressed: false } });
  }

  async acknowledge(id: string, fields: Pick<AlarmEntity, 'acknowledgedBy' | 'acknowledgedAt' | 'note' | 'outcome'> & { close: boolean }): Promise<void> {
    const { close, ...rest } = fields;
    const a = await this.find(id);
    const status: AlarmStatus = close || a?.status === 'closed' ? 'closed' : 'acknowledged';
    const closing = close && a?.status !== 'closed';
    // The acknowledgement and its webhook events commit together.
    await this.ds.transaction(async (m) => {
      await m.getRepository(AlarmEntity).update(
        { id },
        {
          ...rest,
          status,
          ...(closing ? { closedAtMs: fields.acknowledgedAt, closedReason: `closed by ${fields.acknowledgedBy}` } : {}),
        },
      );
      const event = { alarmId: id, machineId: a?.machineId, modelVersionId: a?.modelVersionId, status, ...rest };
      await enqueueWebhookEvent(m, 'alarm.acknowledged', event);
      if (closing)
        await enqueueWebhookEvent(m, 'alarm.closed', {
          ...event,
          closedAt: new Date(fields.acknowledgedAt ?? Date.now()).toISOString(),
          reason: `closed by ${fields.acknowledgedBy}`,
        });
    });
  }
}
