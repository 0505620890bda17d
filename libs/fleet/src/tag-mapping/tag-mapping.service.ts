import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canonicalJson, sha256Hex } from '@fleetgate/common';
import { AuditService } from '@fleetgate/audit';
import { isUniqueViolation } from '@fleetgate/db';
import { fleetErrors } from '../fleet.exception';
import { FleetRepository } from '../machine/fleet.repository';
import { MachineEntity } from '../machine/machine.entity';
import { DEFAULT_RULE_SET, MappingRule, RuleSet } from './mapping-rule';
import { MachineTags, resolveTags, TagResolution } from './resolve-tags.util';
import { assertValidRuleSet } from './rule-validation.util';
import { DEFAULT_SIGNALS, extendCatalog, SignalDefinition } from './signal-catalog';
import { MappingRuleSetEntity } from './mapping-rule-set.entity';
import { SignalEntity } from './signal.entity';

export interface RuleSetVersion {
  version: number;
  createdBy: string;
  note: string | null;
  createdAt: number;
  ruleCount: number;
  /** sha256 of the stored canonical rules text: what evaluations cite as evidence. */
  sha256: string;
}

export type StoredRuleSet = RuleSet & RuleSetVersion;

/** Who wrote version 1 (the built-in defaults, seeded on first use). */
export const SEED_ACTOR = 'system';
const SAVE_ATTEMPTS = 5;

function toMachineTags(machine: MachineEntity | MachineTags): MachineTags {
  const site = (machine as { site?: unknown }).site;
  return {
    assetId: machine.assetId,
    site: site && typeof site === 'object' ? (site as { name: string }).name : (site as string | null | undefined),
    machineModel: machine.machineModel,
    manufacturer: machine.manufacturer,
    rawTags: machine.rawTags,
  };
}

/**
 * The stored signal catalog and the versioned mapping rules around the pure tag-mapping core.
 * Rule versions are immutable, so parsed versions are cached per process; the catalog only
 * grows (signals are never changed or removed), so every old version stays resolvable.
 */
@Injectable()
export class TagMappingService {
  private seeding: Promise<void> | null = null;
  private readonly versions = new Map<number, StoredRuleSet>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: FleetRepository,
    private readonly audit: AuditService,
  ) {}

  async catalog(): Promise<Array<SignalDefinition & { builtin: boolean }>> {
    await this.seeded();
    const rows = await this.dataSource.getRepository(SignalEntity).find();
    const order = new Map(DEFAULT_SIGNALS.map((s, i) => [s.name, i]));
    const rank = (s: SignalEntity) => order.get(s.name) ?? DEFAULT_SIGNALS.length;
    rows.sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt || a.name.localeCompare(b.name));
    return rows.map((s) => ({ name: s.name, unit: s.unit, min: s.min, max: s.max, description: s.description, builtin: s.builtin }));
  }

  async currentRuleSet(): Promise<StoredRuleSet> {
    await this.seeded();
    const [latest] = await this.dataSource.getRepository(MappingRuleSetEntity).find({ select: { version: true }, order: { version: 'DESC' }, take: 1 });
    return this.ruleSet(latest.version);
  }

  async ruleSet(version: number): Promise<StoredRuleSet> {
    const cached = this.versions.get(version);
    if (cached) return cached;
    await this.seeded();
    const row = Number.isInteger(version) ? await this.dataSource.getRepository(MappingRuleSetEntity).findOne({ where: { version } }) : null;
    if (!row) throw fleetErrors.ruleSetNotFound(version);
    const stored = toStored(row);
    this.versions.set(version, stored);
    return stored;
  }

  async listVersions(): Promise<RuleSetVersion[]> {
    await this.seeded();
    const rows = await this.dataSource.getRepository(MappingRuleSetEntity).find({ order: { version: 'ASC' } });
    return rows.map((r) => {
      const { rules: _rules, ...info } = toStored(r);
      return info;
    });
  }

  /**
   * Stores `rules` as the next version after validating them against the catalog (a 400
   * naming every bad field otherwise). Earlier versions are untouched. Audited
   * `mapping.rules-changed` with the hash of the exact stored text.
   */
  async saveRules(rules: MappingRule[], actor: string, note?: string | null): Promise<StoredRuleSet> {
    // A plain-data copy: DTO instances and undefined fields must not reach the stored text.
    const plain = JSON.parse(JSON.stringify(rules ?? null)) as MappingRule[];
    assertValidRuleSet(plain, await this.catalog());
    const text = canonicalJson(plain);
    for (let attempt = 1; ; attempt++) {
      try {
        const saved = await this.dataSource.transaction(async (m) => {
          const repo = m.getRepository(MappingRuleSetEntity);
          const [latest] = await repo.find({ select: { version: true }, order: { version: 'DESC' }, take: 1 });
          const row: MappingRuleSetEntity = {
            version: (latest?.version ?? 0) + 1,
            rules: text,
            createdBy: actor,
            note: note?.trim() || null,
            createdAt: Date.now(),
          };
          await repo.insert(row);
          await this.audit.append(
            {
              actor,
              action: 'mapping.rules-changed',
              subject: `mapping:v${row.version}`,
              payload: {
                version: row.version,
                previousVersion: latest?.version ?? null,
                ruleCount: plain.length,
                rulesSha256: sha256Hex(text),
                note: row.note,
              },
            },
            m,
          );
          return row;
        });
        return this.ruleSet(saved.version);
      } catch (error) {
        // Two editors saving at once both computed the same next version: the loser retries.
        if (!isUniqueViolation(error) || attempt >= SAVE_ATTEMPTS) throw error;
      }
    }
  }

  /** Each raw tag of the machine → signal with conversion, or unmapped, or ambiguous (current rules unless `version`). */
  async resolveForMachine(machine: MachineEntity | MachineTags, version?: number): Promise<TagResolution> {
    return (await this.resolveForMachines([machine], version))[0];
  }

  /** The same for many machines, reading the rules and the catalog once. */
  async resolveForMachines(machines: Array<MachineEntity | MachineTags>, version?: number): Promise<TagResolution[]> {
    const ruleSet = version === undefined ? await this.currentRuleSet() : await this.ruleSet(version);
    const catalog = await this.catalog();
    return machines.map((m) => resolveTags(toMachineTags(m), ruleSet, catalog));
  }

  /** Adds a signal to the catalog (name, unit, valid range); refuses redefining one. Audited `mapping.signal-added`. */
  async addSignal(signal: SignalDefinition, actor: string): Promise<SignalDefinition & { builtin: boolean }> {
    const candidate = { name: signal?.name, unit: signal?.unit, min: signal?.min, max: signal?.max, description: signal?.description ?? '' };
    const [added] = extendCatalog(await this.catalog(), [candidate]).slice(-1);
    const row: SignalEntity = { ...added, builtin: false, createdAt: Date.now() };
    try {
      await this.dataSource.transaction(async (m) => {
        await m.getRepository(SignalEntity).insert(row);
        await this.audit.append(
          { actor, action: 'mapping.signal-added', subject: `signal:${row.name}`, payload: { unit: row.unit, min: row.min, max: row.max } },
          m,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw fleetErrors.signalExists(row.name);
      throw error;
    }
    return { ...added, builtin: false };
  }

  /**
   * Seeds the built-in catalog and the default rules as version 1, once per process, on
   * first use. Idempotent and race-safe: inserts skip what exists (primary keys), so two
   * processes starting together end with the same single version 1. New built-in signals
   * of a later release are added the same way; an existing version 1 is never rewritten.
   */
  private seeded(): Promise<void> {
    this.seeding ??= this.seed().catch((error) => {
      this.seeding = null;
      throw error;
    });
    return this.seeding;
  }

  private async seed(): Promise<void> {
    const now = Date.now();
    await this.repo.insertIgnoring(
      SignalEntity,
      DEFAULT_SIGNALS.map((s) => ({ ...s, builtin: true, createdAt: now })),
    );
    const v1: MappingRuleSetEntity = {
      version: DEFAULT_RULE_SET.version,
      rules: canonicalJson(DEFAULT_RULE_SET.rules),
      createdBy: SEED_ACTOR,
      note: 'built-in default rules (conventions A, B, C and C-MAPSS)',
      createdAt: now,
    };
    await this.repo.insertIgnoring(MappingRuleSetEntity, [v1]);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Frozen: cached versions are shared by every caller and must stay as stored. */
function toStored(row: MappingRuleSetEntity): StoredRuleSet {
  const rules = deepFreeze(JSON.parse(row.rules) as MappingRule[]);
  return {
    version: row.version,
    rules,
    createdBy: row.createdBy,
    note: row.note,
    createdAt: row.createdAt,
    ruleCount: rules.length,
    sha256: sha256Hex(row.rules),
  };
}
