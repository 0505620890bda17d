import { MappingRule, RuleScope, RuleSet } from './mapping-rule';
import { assertValidRuleSet, compilePattern } from './rule-validation.util';
import { SignalDefinition, catalogIndex } from './signal-catalog';
import { Conversion, canonicalUnit, converter, isSameUnit } from './units.util';

/** What resolveTags needs to know about a machine. */
export interface MachineTags {
  assetId: string;
  site?: string | null;
  machineModel?: string | null;
  manufacturer?: string | null;
  rawTags: readonly string[];
}

export interface MappedTag {
  rawTag: string;
  signal: string;
  /** The rule's unit, canonical spelling. */
  rawUnit: string;
  /** The signal's unit. */
  unit: string;
  /** y = raw * scale + offset; null when the raw unit already is the signal's unit. */
  conversion: Conversion | null;
  ruleId: string;
  /** Rules that also matched this tag but lost on precedence (shown so an override is visible). */
  overriddenRuleIds: string[];
}

export interface TagCandidate {
  ruleId: string;
  signal: string;
  rawUnit: string;
}

export interface AmbiguousTag {
  rawTag: string;
  candidates: TagCandidate[];
}

export interface DuplicateSignal {
  signal: string;
  rawTags: string[];
}

/**
 * Every raw tag of the machine lands in exactly one place: `mapped`, `unmapped`,
 * `ambiguous`, or one entry of `duplicateSignals`. Only `mapped` tags are ingested.
 */
export interface TagResolution {
  assetId: string;
  version: number;
  mapped: MappedTag[];
  unmapped: string[];
  ambiguous: AmbiguousTag[];
  duplicateSignals: DuplicateSignal[];
}

interface CompiledRule {
  rule: MappingRule;
  order: number;
  aliases: Set<string>;
  regex: RegExp | null;
  priority: number;
  specificity: number;
  rawUnit: string;
}

const SCOPE_FIELDS: Array<keyof RuleScope> = ['site', 'machineModel', 'manufacturer'];

function normaliseTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}

function sameText(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function compileRules(rules: readonly MappingRule[]): CompiledRule[] {
  return rules.map((rule, order) => ({
    rule,
    order,
    aliases: new Set((rule.match.exact ?? []).map(normaliseTag)),
    regex: rule.match.pattern !== undefined ? compilePattern(rule.match.pattern) : null,
    priority: rule.priority ?? 0,
    specificity: SCOPE_FIELDS.filter((f) => rule.scope?.[f] !== undefined).length,
    rawUnit: canonicalUnit(rule.unit),
  }));
}

function appliesTo(rule: MappingRule, machine: MachineTags): boolean {
  return SCOPE_FIELDS.every((f) => rule.scope?.[f] === undefined || sameText(machine[f], rule.scope[f]!));
}

/** Higher priority first, then the narrower scope (more scope fields set). */
function outranks(a: CompiledRule, b: CompiledRule): number {
  return b.priority - a.priority || b.specificity - a.specificity;
}

/**
 * Maps one machine's raw tags to canonical signals under a rule set.
 *
 * Precedence: among the rules whose scope fits the machine and whose match fits the tag,
 * the highest `priority` wins, then the most specific scope (count of site / machineModel /
 * manufacturer set). If the winners at that level disagree on signal or raw unit, the tag is
 * ambiguous and is not mapped. If two raw tags win the same signal, both are reported under
 * `duplicateSignals` and neither is mapped. Nothing is guessed.
 *
 * Throws TagMappingException when the rule set itself is invalid against the catalog.
 */
export function resolveTags(machine: MachineTags, ruleSet: RuleSet, catalog: readonly SignalDefinition[]): TagResolution {
  return tagResolver(ruleSet, catalog)(machine);
}

/**
 * resolveTags with the rule set validated and compiled once, for importers that resolve
 * many machines under the same version. Throws like resolveTags when the rule set is invalid.
 */
export function tagResolver(ruleSet: RuleSet, catalog: readonly SignalDefinition[]): (machine: MachineTags) => TagResolution {
  assertValidRuleSet(ruleSet.rules, catalog);
  const signals = catalogIndex(catalog);
  const compiled = compileRules(ruleSet.rules);
  const version = ruleSet.version;
  return (machine) =>
    resolveWith(
      machine,
      version,
      compiled.filter((r) => appliesTo(r.rule, machine)),
      signals,
    );
}

function resolveWith(machine: MachineTags, version: number, rules: CompiledRule[], signals: Map<string, SignalDefinition>): TagResolution {
  const winners: Array<{ rawTag: string; best: CompiledRule; losers: CompiledRule[] }> = [];
  const unmapped: string[] = [];
  const ambiguous: AmbiguousTag[] = [];
  const seen = new Set<string>();

  for (const rawTag of machine.rawTags) {
    if (seen.has(rawTag)) continue;
    seen.add(rawTag);
    const key = normaliseTag(rawTag);
    const trimmed = rawTag.trim();
    const hits = rules.filter((r) => r.aliases.has(key) || (r.regex !== null && r.regex.test(trimmed)));
    if (hits.length === 0) {
      unmapped.push(rawTag);
      continue;
    }
    hits.sort((a, b) => outranks(a, b) || a.order - b.order);
    const top = hits.filter((h) => outranks(h, hits[0]) === 0);
    const best = top[0];
    const disagree = top.some((h) => h.rule.signal !== best.rule.signal || !isSameUnit(h.rawUnit, best.rawUnit));
    if (disagree) {
      ambiguous.push({ rawTag, candidates: top.map((h) => ({ ruleId: h.rule.id, signal: h.rule.signal, rawUnit: h.rawUnit })) });
      continue;
    }
    winners.push({ rawTag, best, losers: hits.slice(top.length) });
  }

  const tagsBySignal = new Map<string, string[]>();
  for (const w of winners) {
    const tags = tagsBySignal.get(w.best.rule.signal) ?? [];
    tags.push(w.rawTag);
    tagsBySignal.set(w.best.rule.signal, tags);
  }
  const duplicateSignals: DuplicateSignal[] = [...tagsBySignal].filter(([, tags]) => tags.length > 1).map(([signal, rawTags]) => ({ signal, rawTags }));

  const mapped: MappedTag[] = winners
    .filter((w) => tagsBySignal.get(w.best.rule.signal)!.length === 1)
    .map(({ rawTag, best, losers }) => {
      const unit = signals.get(best.rule.signal)!.unit;
      return {
        rawTag,
        signal: best.rule.signal,
        rawUnit: best.rawUnit,
        unit: canonicalUnit(unit),
        conversion: isSameUnit(best.rawUnit, unit) ? null : converter(best.rawUnit, unit),
        ruleId: best.rule.id,
        overriddenRuleIds: losers.map((l) => l.rule.id),
      };
    });

  return { assetId: machine.assetId, version, mapped, unmapped, ambiguous, duplicateSignals };
}
