import { Injectable } from '@nestjs/common';
import { AuditService } from '@fleetgate/audit';
import { Actor, canonicalJson, sha256Hex } from '@fleetgate/common';
import { isUniqueViolation } from '@fleetgate/db';
import { DEFAULT_POLICY, DEFAULT_POLICY_NAME } from '../default-policy';
import { gateErrors } from '../gate.exception';
import { GateRepository } from '../gate.repository';
import { PolicyDefinition } from '../policy.types';
import { GatePolicyEntity } from './gate-policy.entity';
import { checkPolicyDefinition, POLICY_NAME_PATTERN } from './policy-validation.util';

export interface PolicyView {
  name: string;
  version: number;
  sha256: string;
  definition: PolicyDefinition;
  note: string | null;
  createdBy: string;
  createdAt: string;
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
  };
}

/** Named, versioned gate policies; `default` v1 is the shipped DEFAULT_POLICY, written on first use. */
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

  /** The newest version of a policy: what a new promotion request is judged by. */
  async latest(name = DEFAULT_POLICY_NAME): Promise<LoadedPolicy> {
    await this.ensureDefault();
    const p = await this.repo.latestPolicy(name);
    if (!p) throw gateErrors.policyNotFound(name);
    return { name: p.name, version: p.version, sha256: p.definitionSha256, definition: JSON.parse(p.definition) as PolicyDefinition };
  }

  /** A new version of the named policy (version 1 when the name is new). */
  async create(input: { name: string; rules: unknown; maxEvidenceAgeHours: unknown; note?: string }, actor: Actor): Promise<PolicyView> {
    if (typeof input.name !== 'string' || !POLICY_NAME_PATTERN.test(input.name))
      throw gateErrors.invalidPolicy([{ field: 'name', message: 'lower-case letters, digits, _ . - (1–100)' }]);
    const check = checkPolicyDefinition({ rules: input.rules, maxEvidenceAgeHours: input.maxEvidenceAgeHours });
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
          });
          await this.repo.insertPolicy(row, m);
          await this.audit.append(
            {
              actor: actor.name,
              action: 'gate-policy.created',
              subject: `gate-policy:${row.name}@${version}`,
              payload: { name: row.name, version, sha256: row.definitionSha256, note: row.note },
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
    this.seeded = true;
  }
}
