import { MappingRule, RuleSet } from './mapping-rule';
import { SignalDefinition, catalogIndex } from './signal-catalog';
import { FieldError, TagMappingErrorCode, TagMappingException } from './tag-mapping.exception';
import { areConvertible, canonicalUnit, isKnownUnit } from './units.util';

const RULE_KEYS = new Set(['id', 'signal', 'match', 'unit', 'scope', 'priority', 'description']);
const MATCH_KEYS = new Set(['exact', 'pattern']);
// An unknown scope key (say `model`) would otherwise be ignored and widen the rule to the whole fleet.
const SCOPE_KEYS = new Set(['site', 'machineModel', 'manufacturer']);
const MAX_PATTERN_LENGTH = 500;
const MAX_ID_LENGTH = 100;

/** The anchored, case-insensitive regex a rule's pattern means; throws SyntaxError on a bad source. */
export function compilePattern(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'i');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

function unknownKeys(obj: Record<string, unknown>, allowed: Set<string>): string[] {
  return Object.keys(obj).filter((k) => !allowed.has(k));
}

function validateMatch(match: unknown, at: string, errors: FieldError[]): void {
  if (!isObject(match)) {
    errors.push({ field: at, message: 'match must be an object with `exact` and/or `pattern`' });
    return;
  }
  for (const k of unknownKeys(match, MATCH_KEYS)) errors.push({ field: `${at}.${k}`, message: `unknown match field "${k}" (use exact or pattern)` });
  const { exact, pattern } = match;
  if (exact === undefined && pattern === undefined) errors.push({ field: at, message: 'match needs `exact` aliases or a `pattern`' });
  if (exact !== undefined) {
    if (!Array.isArray(exact) || exact.length === 0) {
      errors.push({ field: `${at}.exact`, message: 'exact must be a non-empty list of tag names' });
    } else {
      exact.forEach((alias, j) => {
        if (!nonEmptyString(alias)) errors.push({ field: `${at}.exact[${j}]`, message: 'alias must be a non-empty string' });
      });
    }
  }
  if (pattern !== undefined) {
    if (!nonEmptyString(pattern)) {
      errors.push({ field: `${at}.pattern`, message: 'pattern must be a non-empty regex source' });
    } else if (pattern.length > MAX_PATTERN_LENGTH) {
      errors.push({ field: `${at}.pattern`, message: `pattern longer than ${MAX_PATTERN_LENGTH} characters` });
    } else {
      try {
        // A pattern that matches the empty tag claims everything it can: almost surely a typo (`a*`).
        if (compilePattern(pattern).test('')) errors.push({ field: `${at}.pattern`, message: `pattern /${pattern}/ matches the empty tag` });
      } catch (e) {
        errors.push({ field: `${at}.pattern`, message: `invalid regex /${pattern}/: ${(e as Error).message}` });
      }
    }
  }
}

function validateScope(scope: unknown, at: string, errors: FieldError[]): void {
  if (scope === undefined) return;
  if (!isObject(scope)) {
    errors.push({ field: at, message: 'scope must be an object with site, machineModel and/or manufacturer' });
    return;
  }
  for (const k of unknownKeys(scope, SCOPE_KEYS))
    errors.push({ field: `${at}.${k}`, message: `unknown scope field "${k}" (use site, machineModel or manufacturer)` });
  for (const k of SCOPE_KEYS) {
    if (scope[k] !== undefined && !nonEmptyString(scope[k])) errors.push({ field: `${at}.${k}`, message: `${k} must be a non-empty string when set` });
  }
}

/**
 * Everything wrong with a list of rules against a catalog; [] when the rules can be used.
 * Defensive about shapes because rules arrive as JSON through the api.
 */
export function validateRuleSet(rules: readonly MappingRule[], catalog: readonly SignalDefinition[]): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(rules)) return [{ field: 'rules', message: 'rules must be a list' }];
  const signals = catalogIndex(catalog);
  const ids = new Map<string, number>();
  rules.forEach((rule: unknown, i) => {
    const at = `rules[${i}]`;
    if (!isObject(rule)) {
      errors.push({ field: at, message: 'rule must be an object' });
      return;
    }
    for (const k of unknownKeys(rule, RULE_KEYS)) errors.push({ field: `${at}.${k}`, message: `unknown rule field "${k}"` });

    const { id, signal, unit, priority } = rule;
    if (!nonEmptyString(id) || id.length > MAX_ID_LENGTH) {
      errors.push({ field: `${at}.id`, message: `rule id must be a non-empty string of at most ${MAX_ID_LENGTH} characters` });
    } else if (ids.has(id)) {
      errors.push({ field: `${at}.id`, message: `duplicate rule id "${id}" (also rules[${ids.get(id)}])` });
    } else {
      ids.set(id, i);
    }

    const target = typeof signal === 'string' ? signals.get(signal) : undefined;
    if (!target) errors.push({ field: `${at}.signal`, message: `unknown signal ${JSON.stringify(signal)}` });

    if (typeof unit !== 'string' || !isKnownUnit(unit)) {
      errors.push({ field: `${at}.unit`, message: `unknown unit ${JSON.stringify(unit)}` });
    } else if (target && !areConvertible(unit, target.unit)) {
      errors.push({ field: `${at}.unit`, message: `unit "${canonicalUnit(unit)}" cannot be converted to ${target.name}'s unit "${target.unit}"` });
    }

    if (priority !== undefined && !Number.isInteger(priority)) errors.push({ field: `${at}.priority`, message: 'priority must be an integer' });
    if (rule.description !== undefined && typeof rule.description !== 'string')
      errors.push({ field: `${at}.description`, message: 'description must be a string' });
    validateMatch(rule.match, `${at}.match`, errors);
    validateScope(rule.scope, `${at}.scope`, errors);
  });
  return errors;
}

/**
 * What a rule set to be stored must add to `validateRuleSet`: at least one rule (an empty set
 * maps no tag of any machine), and every `scope.site` an existing site (a scope on a site that
 * does not exist matches nothing, silently). `at(i)` names rule i (`rules[i]`, or `rule`).
 */
export function storableRuleErrors(rules: readonly MappingRule[], knownSites: readonly string[], at = (i: number) => `rules[${i}]`): FieldError[] {
  if (!Array.isArray(rules)) return [];
  if (rules.length === 0) return [{ field: 'rules', message: 'a rule set needs at least one rule: an empty one would leave every tag unmapped' }];
  const sites = new Set(knownSites.map((s) => s.trim().toLowerCase()));
  const errors: FieldError[] = [];
  rules.forEach((rule, i) => {
    const site = isObject(rule) && isObject(rule.scope) ? rule.scope.site : undefined;
    if (nonEmptyString(site) && !sites.has(site.trim().toLowerCase()))
      errors.push({ field: `${at(i)}.scope.site`, message: `unknown site "${site}": create the site first (or import the fleet)` });
  });
  return errors;
}

/** Throws TagMappingException (InvalidRuleSet, with every error as a detail) unless the rules are valid. */
export function assertValidRuleSet(rules: readonly MappingRule[], catalog: readonly SignalDefinition[]): void {
  const errors = validateRuleSet(rules, catalog);
  if (errors.length > 0) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new TagMappingException(TagMappingErrorCode.InvalidRuleSet, `invalid mapping rules: ${first.field}: ${first.message}${more}`, errors);
  }
}

/**
 * The next version of a rule set. Validates first; the previous version is left untouched
 * (callers store both), and the new rules are copied so later edits of the input cannot leak in.
 */
export function reviseRuleSet(current: RuleSet, rules: readonly MappingRule[], catalog: readonly SignalDefinition[]): RuleSet {
  assertValidRuleSet(rules, catalog);
  return { version: current.version + 1, rules: structuredClone([...rules]) };
}
