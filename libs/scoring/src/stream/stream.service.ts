import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { Actor, siteScope } from '@fleetgate/common';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { ScoringRepository } from '../score/scoring.repository';
import { StreamEventEntity, StreamEventType } from './stream-event.entity';

export interface StreamMessage {
  id: number;
  type: StreamEventType;
  data: Record<string, unknown>;
}

/** Reads the outbox for one subscriber (site-scoped), and lets any process add to it. */
@Injectable()
export class StreamService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ScoringRepository,
    private readonly fleet: FleetService,
  ) {}

  /** The newest event id: a subscriber without Last-Event-ID starts after it (only new events). */
  async latestId(): Promise<number> {
    const rows: Array<{ id: number | string | null }> = await this.ds.query('SELECT MAX(id) AS id FROM stream_events');
    return Number(rows[0]?.id ?? 0);
  }

  /** Events after `afterId` the actor may see, oldest first; a plant manager gets only their sites' events. */
  async after(actor: Actor, afterId: number, limit = 500): Promise<{ messages: StreamMessage[]; lastId: number }> {
    const scope = siteScope(actor);
    if (scope && scope.length === 0) return { messages: [], lastId: afterId };
    const rows = await this.ds.getRepository(StreamEventEntity).find({
      where: { id: MoreThan(afterId), ...(scope ? { site: In(scope) } : {}) },
      order: { id: 'ASC' },
      take: limit,
    });
    return {
      messages: rows.map((r) => ({ id: r.id, type: r.type, data: JSON.parse(r.payload) as Record<string, unknown> })),
      lastId: rows.length ? rows[rows.length - 1].id : afterId,
    };
  }

  /** An evaluate-machine job finished (done or failed): the console's progress feed. `known`: the machine's row, when the caller has it. */
  async evaluationProgress(runId: string, machineId: string, status: 'done' | 'failed', known?: MachineEntity): Promise<void> {
    // The evaluator's own copy of the machine when it has one: one query less per machine of a run.
    const m = known ?? (await this.fleet.findById(machineId));
    await this.repo.publish([
      {
        type: 'evaluation-progress',
        site: m?.site.name ?? null,
        machineId,
        payload: { runId, assetId: m?.assetId ?? machineId, site: m?.site.name ?? null, status },
      },
    ]);
  }
}
