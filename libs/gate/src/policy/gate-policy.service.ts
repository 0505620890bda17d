import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '@fleetgate/audit';
import { Actor, canonicalJson, sha256Hex } from '@fleetgate/common';
import { isUniqueViolation } from '@fleetgate/db';
import { DEFAULT_POLICY, DEFAULT_POLICY_NAME } from '../default-policy';
import { gateErrors } from '../gate.exception';
import { GateRepository } from '../gate.repository';
import { PolicyDefinition } from '../policy.types';
import { GatePolicyEntity, PolicyStatus } from './gate-policy.entity';
import { checkPolicyDefinition, POLICY_NAME_PATTERN } from './policy-validation.util';

export interface PolicyView {
  name: string;
  version: number;
  sha256: string;
  definition: PolicyDefinition;
  note: string | null;
  createdBy: string;
  createdAt: string;
  /** `proposed` versions judge nothing until someone other than their author approves them. */
  status: PolicyStatus;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface LoadedPolicy {
  name: string;
  version: number;
  sha256: string;
  definition: PolicyDefinition;
}

const MAX_ATTEMPTS = 12;

export function policyView(p: GatePolicyEntity): PolicyView {
  return {
    name: p.name,
    version: p.version,
    sha256: p.definitionSha256,
    definition: JSON.parse(p.definition) as PolicyDefinition,
    note: p.note,
    createdBy: p.createdBy,
    createdAt: new Date(p.createdAt).toISOString(),
    status: p.status,
    approvedBy: p.approvedBy,
    approvedAt: p.approvedAt === null ? null : new Date(p.approvedAt).toISOString(),
  };
}

/**
 * Named, versioned gate policies; `default` v1 is the shipped DEFAULT_POLICY, written on first use.
 * A new version is proposed by one person and approved by another (four eyes): no single
 * person can loosen the gate.
 */
@Injectable()
export class GatePolicyService {
  private seeded = false;

  constructor(
    private readonly repo: GateRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<PolicyView[]> {
    await this.ensureDefault();
    return (await this.repo.policies()).map(policyView);
  }

  async get(name: string, version: number): Promise<PolicyView> {
    await this.ensureDefault();
    const p = await this.repo.policyVersion(name, version);
    if (!p) throw gateErrors.policyNotFound(`${name} v${version}`);
    return policyView(p);
  }

  /** The newest approved version of a policy: what a new promotion request is judged by. */
  async latest(name = DEFAULT_POLICY_NAME): Promise<LoadedPolicy> {
    await this.ensureDefault();
    const p = await this.repo.latestApprovedPolicy(name);
    if (!p) {
      const versions = (await this.repo.policies()).filter((v) => v.name === name);
      if (!versions.length) throw gateErrors.policyNotFound(name);
      throw gateErrors.policyNotApproved(
        name,
        versions.map((v) => v.version),
      );
    }
    return { name: p.name, version: p.version, sha256: p.definitionSha256, definition: JSON.parse(p.definition) as PolicyDefinition };
  }

  /** A new, proposed version of the named policy (version 1 when the name is new). */
  async create(
    input: { name: string; rules: unknown; maxEvidenceAgeHours: unknown; guards?: unknown; value?: unknown; note?: string },
    actor: Actor,
  ): Promise<PolicyView> {
    if (typeof input.name !== 'string' || !POLICY_NAME_PATTERN.test(input.name))
      throw gateErrors.invalidPolicy([{ field: 'name', message: 'lower-case letters, digits, _ . - (1–100)' }]);
    const check = checkPolicyDefinition({ rules: input.rules, maxEvidenceAgeHours: input.maxEvidenceAgeHours, guards: input.guards, value: input.value });
    if (!check.ok) throw gateErrors.invalidPolicy(check.errors);
    await this.ensureDefault();
    const text = canonicalJson(check.policy);
    for (let attempt = 1; ; attempt++) {
      try {
        const entity = await this.repo.transaction(async (m) => {
          const version = ((await this.repo.latestPolicy(input.name, m))?.version ?? 0) + 1;
          const row = Object.assign(new GatePolicyEntity(), {
            name: input.name,
            version,
            definition: text,
            definitionSha256: sha256Hex(text),
            note: input.note ?? null,
            createdBy: actor.name,
            createdAt: Date.now(),
            status: 'proposed',
            approvedBy: null,
            approvedAt: null,
          });
          await this.repo.insertPolicy(row, m);
          await this.audit.append(
            {
              actor: actor.name,
              action: 'gate-policy.created',
              subject: `gate-policy:${row.name}@${version}`,
              payload: { name: row.name, version, sha256: row.definitionSha256, note: row.note, status: 'proposed' },
            },
            m,
          );
          return row;
        });
        return policyView(entity);
      } catch (error) {
        // Two writers took the same number: the loser tries the next one.
        if (!isUniqueViolation(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw gateErrors.busy(`policy ${input.name}`);
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  /**
   * Approves a proposed version. Never by its author, whatever their role; a version already
   * approved (or approved by a racing approver a moment ago) is a 409.
   */
  async approve(name: string, version: number, actor: Actor): Promise<PolicyView> {
    await this.ensureDefault();
    const label = `${name} v${version}`;
    const approvedAt = Date.now();
    const row = await this.repo.transaction(async (m) => {
      const p = await this.repo.policyVersion(name, version, m);
      if (!p) throw gateErrors.policyNotFound(label);
      if (p.status !== 'proposed') throw gateErrors.policyNotProposed(label, p.approvedBy);
      if (p.createdBy === actor.name) throw gateErrors.policySelfApproval(actor.name, label);
      if (!(await this.repo.approvePolicy(name, version, actor.name, approvedAt, m))) {
        const now = await this.repo.policyVersion(name, version, m);
        throw gateErrors.policyNotProposed(label, now?.approvedBy ?? null);
      }
      await this.audit.append(
        {
          actor: actor.name,
          action: 'gate-policy.approved',
          subject: `gate-policy:${name}@${version}`,
          payload: { name, version, sha256: p.definitionSha256, proposedBy: p.createdBy, approverRole: actor.role },
        },
        m,
      );
      return Object.assign(p, { status: 'approved' as const, approvedBy: actor.name, approvedAt });
    });
    return policyView(row);
  }

  /** Writes `default` v1 once; a concurrent first use loses the insert and finds it there. */
  async ensureDefault(): Promise<void> {
    if (this.seeded) return;
    if (!(await this.repo.policyVersion(DEFAULT_POLICY_NAME, 1))) {
      const text = canonicalJson(DEFAULT_POLICY);
      const row = Object.assign(new GatePolicyEntity(), {
        name: DEFAULT_POLICY_NAME,
        version: 1,
        definition: text,
        definitionSha256: sha256Hex(text),
        note: 'shipped default (see the gate README)',
        createdBy: 'system',
        createdAt: Date.now(),
        // The shipped default is reviewed in code; later changes of it arrive as proposed versions.
        status: 'approved',
        approvedBy: 'system',
        approvedAt: Date.now(),
      });
      try {
        await this.repo.transaction(async (m) => {
          await this.repo.insertPolicy(row, m);
          await this.audit.append(
            {
              actor: 'system',
              action: 'gate-policy.created',
              subject: `gate-policy:${DEFAULT_POLICY_NAME}@1`,
              payload: { name: DEFAULT_POLICY_NAME, version: 1, sha256: row.definitionSha256, note: row.note },
            },
            m,
          );
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    await this.auditMigratedVersions();
    this.seeded = true;
  }

  /**
   * Versions of `default` a migration wrote (the shipped guards) have no audit event yet: a
   * migration cannot extend the hash chain. The first use appends their `gate-policy.created`, once
   * (the check and the append share the audit's lock on PostgreSQL; SQLite serialises writers).
   */
  private async auditMigratedVersions(): Promise<void> {
    const migrated = (await this.repo.policies()).filter((p) => p.name === DEFAULT_POLICY_NAME && p.version > 1 && p.createdBy === 'system');
    for (const p of migrated) {
      const subject = `gate-policy:${p.name}@${p.version}`;
      const event = {
        actor: 'system',
        action: 'gate-policy.created',
        subject,
        payload: { name: p.name, version: p.version, sha256: p.definitionSha256, note: p.note, status: p.status, writtenBy: 'migration' },
      };
      const recorded = async (m?: EntityManager) => (await this.audit.list({ subject, action: event.action, limit: 1 }, m)).length > 0;
      if (await recorded()) continue;
      if (this.repo.dataSource.options.type !== 'postgres') {
        // One process per SQLite file; the audit's in-process queue orders this append.
        await this.audit.append(event);
        continue;
      }
      await this.repo.transaction(async (m) => {
        // The audit's own append lock, taken before the check, so two processes append it once.
        await m.query('SELECT pg_advisory_xact_lock(7263001)');
        // Checked on this transaction's connection: ten first uses at once would otherwise each hold a
        // pooled connection waiting for the lock while its holder waits for an eleventh.
        if (!(await recorded(m))) await this.audit.append(event, m);
      });
    }
  }
}
