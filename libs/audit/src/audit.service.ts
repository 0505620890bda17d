import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '@fleetgate/common';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { isUniqueViolation } from '@fleetgate/db';
import { AuditEventEntity } from './audit-event.entity';
import {
  AnchorVerdict,
  CHAIN_FORMAT,
  ChainHead,
  ChainVerdict,
  compareWithEarlierHead,
  eventHash,
  GENESIS_HASH,
  signHead,
  verifyChain,
} from './audit-chain.util';

export interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  payload?: Record<string, unknown>;
}

const VERIFY_PAGE = 5000;

export interface AuditVerification extends ChainVerdict {
  /** The head of the chain as verified (absent when the chain is broken: a broken chain gets no signed head). */
  head?: ChainHead;
  /** The comparison with an earlier head, when one was given. */
  against?: AnchorVerdict;
  /** The head is signed with the published development key: it proves nothing. */
  keyIsDefault: boolean;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);
  /** In-process queue; across processes the unique seq makes a racing writer retry. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (config.auditKeyIsDefault)
      this.logger.warn('FLEETGATE_AUDIT_KEY is not set: audit heads are signed with the published development key and prove nothing');
  }

  /**
   * Appends one event. Pass the caller's transaction manager so the event commits
   * (or rolls back) together with the change it records.
   */
  append(input: AuditInput, manager?: EntityManager): Promise<AuditEventEntity> {
    if (manager) return this.appendWith(manager, input);
    const run = this.tail.then(() => this.appendRetrying(input));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendRetrying(input: AuditInput): Promise<AuditEventEntity> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((m) => this.appendWith(m, input));
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 5 * attempt));
      }
    }
  }

  private async appendWith(manager: EntityManager, input: AuditInput): Promise<AuditEventEntity> {
    if (manager.connection.options.type === 'postgres') {
      // Serialises appenders across processes for the rest of this transaction.
      await manager.query('SELECT pg_advisory_xact_lock(7263001)');
    }
    const last = await manager.getRepository(AuditEventEntity).find({ order: { seq: 'DESC' }, take: 1 });
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const event = {
      seq: (last[0]?.seq ?? 0) + 1,
      at: Date.now(),
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      payload: canonicalJson(input.payload ?? {}),
      prevHash,
      format: CHAIN_FORMAT,
    };
    const entity = manager.getRepository(AuditEventEntity).create({ ...event, hash: eventHash(event) });
    await manager.getRepository(AuditEventEntity).insert(entity);
    this.logger.debug({ msg: 'audit', action: input.action, subject: input.subject, seq: event.seq });
    return entity;
  }

  /** `manager`: read inside the caller's transaction (on its connection: a caller holding the append lock must not wait for a second one). */
  async list(opts: { afterSeq?: number; limit?: number; action?: string; subject?: string }, manager?: EntityManager): Promise<AuditEventEntity[]> {
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'ASC')
      .take(Math.min(opts.limit ?? 100, 1000));
    if (opts.afterSeq) qb.andWhere('e.seq > :after', { after: opts.afterSeq });
    if (opts.action) qb.andWhere('e.action = :action', { action: opts.action });
    if (opts.subject) qb.andWhere('e.subject = :subject', { subject: opts.subject });
    return qb.getMany();
  }

  /**
   * Checks the whole chain page by page, naming the first broken event, and signs its head.
   * With an earlier head, also says whether the chain still extends it (nothing deleted from
   * its end, nothing before it rewritten).
   */
  async verify(earlier?: ChainHead): Promise<AuditVerification> {
    const repo = this.dataSource.getRepository(AuditEventEntity);
    let verdict: ChainVerdict = { ok: true, checked: 0, lastHash: GENESIS_HASH, lastFormat: 1 };
    let hashAt = earlier?.count === 0 ? GENESIS_HASH : undefined;
    for (let after = 0; ;) {
      const page = await repo.createQueryBuilder('e').where('e.seq > :after', { after }).orderBy('e.seq', 'ASC').take(VERIFY_PAGE).getMany();
      if (earlier && hashAt === undefined) hashAt = page.find((e) => e.seq === earlier.count)?.hash;
      const next = page.length ? verifyChain(page, verdict.lastHash, after + 1, verdict.lastFormat) : verdict;
      verdict = page.length ? { ...next, checked: verdict.checked + next.checked } : verdict;
      if (page.length === 0 || !next.ok) break;
      after = page[page.length - 1].seq;
    }
    const out: AuditVerification = { ...verdict, keyIsDefault: this.config.auditKeyIsDefault };
    delete out.lastFormat;
    if (verdict.ok) out.head = signHead(this.config.auditKey, verdict.checked, verdict.lastHash);
    if (earlier) {
      // On a broken chain only the verified prefix counts as present.
      const against = compareWithEarlierHead(this.config.auditKey, earlier, {
        count: verdict.checked,
        hashAt: earlier.count <= verdict.checked ? hashAt : undefined,
      });
      out.against =
        !verdict.ok && against.outcome === 'truncated'
          ? {
              ok: false,
              outcome: 'rewritten',
              detail: `the chain breaks at event #${verdict.firstBroken!.seq}, within the ${earlier.count} events of the earlier head`,
            }
          : against;
      out.ok = out.ok && out.against.ok;
    }
    return out;
  }

  /** The event by seq with the hash it must have, for evidence bundles. */
  async get(seq: number): Promise<AuditEventEntity | null> {
    return this.dataSource.getRepository(AuditEventEntity).findOne({ where: { seq } });
  }
}
