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
import { assertValidRuleSet, storableRuleErrors, validateRuleSet } from './rule-validation.util';
import { DEFAULT_NOMINAL_INTERVAL_MS, DEFAULT_SIGNALS, extendCatalog, SignalDefinition } from './signal-catalog';
import { MappingRuleSetEntity } from './mapping-rule-set.entity';
import { SignalEntity } from './signal.entity';
import { SiteEntity } from '../site/site.entity';
import { TagMappingErrorCode, TagMappingException } from './tag-mapping.exception';

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

/** A stored catalog entry: its nominal interval resolved, and whether it is built in. */
export type CatalogSignal = SignalDefinition & { nominalIntervalMs: number; builtin: boolean };

/** Who wrote version 1 (the built-in defaults, seeded on first use). */
export const SEED_ACTOR = 'system';
const SAVE_ATTEMPTS = 5;

function toMachineTags(machine: MachineEntity | MachineTags): MachineTags {
  const site = (machine as { site?: unknown }).site;
  return {
    assetId: machine.assetId,
    site: site && typeof site === 'object' ? (site as { name: string }).name : (site as string | null | undefined),
    machineModel: machine.machineModel,
    manufacturer: machine.manufacturer ?? undefined,
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

  async catalog(): Promise<CatalogSignal[]> {
    await this.seeded();
    const rows = await this.dataSource.getRepository(SignalEntity).find();
    const order = new Map(DEFAULT_SIGNALS.map((s, i) => [s.name, i]));
    const rank = (s: SignalEntity) => order.get(s.name) ?? DEFAULT_SIGNALS.length;
    rows.sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt || a.name.localeCompare(b.name));
    return rows.map((s) => ({
      name: s.name,
      unit: s.unit,
      min: s.min,
      max: s.max,
      description: s.description,
      nominalIntervalMs: s.nominalIntervalMs ?? DEFAULT_NOMINAL_INTERVAL_MS,
      builtin: s.builtin,
    }));
  }

  /** Each signal's nominal sampling interval (ms; 1 min unless set): the live ingest's grid for a series it starts. */
  async nominalIntervals(): Promise<Map<string, number>> {
    await this.seeded();
    const rows = await this.dataSource.getRepository(SignalEntity).find({ select: { name: true, nominalIntervalMs: true } });
    return new Map(rows.map((s) => [s.name, s.nominalIntervalMs ?? DEFAULT_NOMINAL_INTERVAL_MS]));
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
    const catalog = await this.catalog();
    assertValidRuleSet(plain, catalog);
    await this.assertStorable(plain, (i) => `rules[${i}]`);
    return this.storeNextVersion(() => plain, actor, note, {});
  }

  /**
   * Appends one rule to the current rules as the next version, so adding a rule never means
   * resending the whole list. The rule is checked against the catalog and the rules it joins:
   * a bad field is a 400 naming `rule.<field>`, an id already used in the current version a
   * 409. Two editors adding at once both land (the loser re-reads the winner's version).
   */
  async addRule(rule: MappingRule, actor: string, note?: string | null): Promise<StoredRuleSet> {
    const plain = JSON.parse(JSON.stringify(rule ?? null)) as MappingRule;
    const catalog = await this.catalog();
    await this.assertStorable([plain], () => 'rule');
    return this.storeNextVersion(
      (latest) => {
        if (latest.some((r) => r.id === plain?.id)) throw fleetErrors.ruleExists(plain.id);
        const next = [...latest, plain];
        const at = `rules[${latest.length}]`;
        const errors = validateRuleSet(next, catalog)
          .filter((e) => e.field === at || e.field.startsWith(`${at}.`))
          .map((e) => ({ field: `rule${e.field.slice(at.length)}`, message: e.message }));
        if (errors.length) {
          throw new TagMappingException(
            TagMappingErrorCode.InvalidRuleSet,
            `invalid mapping rule: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
            errors,
          );
        }
        // Anything else wrong is in the stored rules themselves (never expected): refuse, do not store.
        assertValidRuleSet(next, catalog);
        return next;
      },
      actor,
      note,
      { addedRuleId: plain?.id },
    );
  }

  /** Refuses an empty rule set and scopes on sites that do not exist, naming the field. */
  private async assertStorable(rules: MappingRule[], at: (i: number) => string): Promise<void> {
    const sites = (await this.dataSource.getRepository(SiteEntity).find({ select: { name: true } })).map((s) => s.name);
    const errors = storableRuleErrors(rules, sites, at);
    if (errors.length)
      throw new TagMappingException(
        TagMappingErrorCode.InvalidRuleSet,
        `invalid mapping rules: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
        errors,
      );
  }

  /**
   * Inserts the next version in one transaction; `build` gets the latest version's rules and
   * returns the new list (already validated). A racing save took the number: retry on top of it.
   */
  private async storeNextVersion(
    build: (latestRules: readonly MappingRule[]) => MappingRule[],
    actor: string,
    note: string | null | undefined,
    auditExtra: Record<string, unknown>,
  ): Promise<StoredRuleSet> {
    await this.seeded();
    for (let attempt = 1; ; attempt++) {
      try {
        const saved = await this.dataSource.transaction(async (m) => {
          const repo = m.getRepository(MappingRuleSetEntity);
          const [latest] = await repo.find({ order: { version: 'DESC' }, take: 1 });
          const rules = build(latest ? (JSON.parse(latest.rules) as MappingRule[]) : []);
          const text = canonicalJson(rules);
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
                ruleCount: rules.length,
                rulesSha256: sha256Hex(text),
                note: row.note,
                ...auditExtra,
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
  async addSignal(signal: SignalDefinition, actor: string): Promise<CatalogSignal> {
    const candidate = {
      name: signal?.name,
      unit: signal?.unit,
      min: signal?.min,
      max: signal?.max,
      description: signal?.description ?? '',
      nominalIntervalMs: signal?.nominalIntervalMs ?? DEFAULT_NOMINAL_INTERVAL_MS,
    };
    let added: SignalDefinition;
    try {
      [added] = extendCatalog(await this.catalog(), [candidate]).slice(-1);
    } catch (error) {
      // One signal, not a list: name its own fields (`min`, not `signals[0].min`).
      if (!(error instanceof TagMappingException)) throw error;
      const details = error.details.map((d) => ({ ...d, field: d.field?.replace(/^signals\[0\]\./, '') }));
      throw new TagMappingException(error.code as TagMappingErrorCode, error.message, details);
    }
    const row: SignalEntity = { ...added, builtin: false, createdAt: Date.now() };
    try {
      await this.dataSource.transaction(async (m) => {
        await m.getRepository(SignalEntity).insert(row);
        await this.audit.append(
          {
            actor,
            action: 'mapping.signal-added',
            subject: `signal:${row.name}`,
            payload: { unit: row.unit, min: row.min, max: row.max, nominalIntervalMs: row.nominalIntervalMs },
          },
          m,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw fleetErrors.signalExists(row.name);
      throw error;
    }
    return { ...added, nominalIntervalMs: candidate.nominalIntervalMs, builtin: false };
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
