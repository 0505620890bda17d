import { DEFAULT_RULES, DEFAULT_RULE_SET, MappingRule, RuleSet } from './mapping-rule';
import { resolveTags } from './resolve-tags.util';
import { reviseRuleSet, storableRuleErrors, validateRuleSet } from './rule-validation.util';
import { DEFAULT_SIGNALS } from './signal-catalog';
import { TagMappingErrorCode } from './tag-mapping.exception';

const ok: MappingRule = { id: 'r1', signal: 'bearing_temp', match: { exact: ['temp'] }, unit: '°F' };

function fieldsOf(rules: unknown[]): string[] {
  return validateRuleSet(rules as MappingRule[], DEFAULT_SIGNALS).map((e) => e.field);
}

describe('validateRuleSet', () => {
  it('accepts the default rules against the default catalog', () => {
    expect(validateRuleSet(DEFAULT_RULES, DEFAULT_SIGNALS)).toEqual([]);
    expect(fieldsOf([ok])).toEqual([]);
  });

  it('refuses a bad regex, naming the field', () => {
    const errors = validateRuleSet([{ ...ok, match: { pattern: '[A-Z+_VIB' } }], DEFAULT_SIGNALS);
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('rules[0].match.pattern');
    expect(errors[0].message).toMatch(/invalid regex/);
  });

  it('refuses a pattern that matches the empty tag', () => {
    expect(fieldsOf([{ ...ok, match: { pattern: 'vib.*|' } }])).toEqual(['rules[0].match.pattern']);
  });

  it('refuses unknown signals and units, and units that cannot reach the signal', () => {
    expect(fieldsOf([{ ...ok, signal: 'bearing_temperature' }])).toEqual(['rules[0].signal']);
    expect(fieldsOf([{ ...ok, unit: 'degrees' }])).toEqual(['rules[0].unit']);
    const [err] = validateRuleSet([{ ...ok, unit: 'psi' }], DEFAULT_SIGNALS);
    expect(err).toEqual({ field: 'rules[0].unit', message: `unit "psi" cannot be converted to bearing_temp's unit "°C"` });
  });

  it('refuses duplicate rule ids', () => {
    const errors = validateRuleSet([ok, { ...ok, match: { exact: ['t2'] } }], DEFAULT_SIGNALS);
    expect(errors).toEqual([{ field: 'rules[1].id', message: 'duplicate rule id "r1" (also rules[0])' }]);
  });

  it('refuses a misspelt scope key rather than widening the rule to every machine', () => {
    expect(fieldsOf([{ ...ok, scope: { model: 'P200' } }])).toEqual(['rules[0].scope.model']);
    expect(fieldsOf([{ ...ok, scope: { site: '' } }])).toEqual(['rules[0].scope.site']);
  });

  it('refuses malformed shapes coming from JSON', () => {
    expect(fieldsOf([{ ...ok, match: {} }])).toEqual(['rules[0].match']);
    expect(fieldsOf([{ ...ok, match: { exact: [] } }])).toEqual(['rules[0].match.exact']);
    expect(fieldsOf([{ ...ok, match: { exact: ['a', ''] } }])).toEqual(['rules[0].match.exact[1]']);
    expect(fieldsOf([{ ...ok, priority: 1.5 }])).toEqual(['rules[0].priority']);
    expect(fieldsOf([{ ...ok, colour: 'red' }])).toEqual(['rules[0].colour']);
    expect(fieldsOf([null])).toEqual(['rules[0]']);
    expect(validateRuleSet('nope' as unknown as MappingRule[], DEFAULT_SIGNALS)).toEqual([{ field: 'rules', message: 'rules must be a list' }]);
  });

  it('makes resolveTags refuse an invalid rule set instead of skipping the bad rule', () => {
    const broken: RuleSet = { version: 7, rules: [...DEFAULT_RULES, { ...ok, match: { pattern: '(' } }] };
    const machine = { assetId: 'M1', site: 'PLT1', machineModel: 'P200', manufacturer: 'Acme', rawTags: ['vib1'] };
    expect(() => resolveTags(machine, broken, DEFAULT_SIGNALS)).toThrow(
      expect.objectContaining({
        code: TagMappingErrorCode.InvalidRuleSet,
        kind: 'invalid',
        details: [expect.objectContaining({ field: `rules[${DEFAULT_RULES.length}].match.pattern` })],
      }),
    );
  });
});

describe('reviseRuleSet', () => {
  it('creates the next version and leaves the old one as it was', () => {
    const v1 = DEFAULT_RULE_SET;
    const extra: MappingRule = { id: 'plt9.temp', signal: 'bearing_temp', match: { exact: ['temp'] }, unit: '°F', scope: { site: 'PLT9' } };
    const input = [...v1.rules, extra];
    const v2 = reviseRuleSet(v1, input, DEFAULT_SIGNALS);
    expect(v2.version).toBe(2);
    expect(v2.rules).toHaveLength(v1.rules.length + 1);
    expect(v1.rules).toHaveLength(DEFAULT_RULES.length);
    // Later edits of the caller's objects do not change the stored version.
    extra.unit = 'K';
    expect(v2.rules.at(-1)!.unit).toBe('°F');
  });

  it('refuses an invalid revision', () => {
    expect(() => reviseRuleSet(DEFAULT_RULE_SET, [ok, ok], DEFAULT_SIGNALS)).toThrow(/duplicate rule id "r1"/);
  });
});

describe('storableRuleErrors', () => {
  it('refuses an empty set and a scope on a site that does not exist (case-insensitive, as matching is)', () => {
    expect(storableRuleErrors([], ['PLT1'])).toEqual([{ field: 'rules', message: expect.stringContaining('at least one rule') }]);
    const scoped = (site: string): MappingRule => ({ ...ok, scope: { site } });
    expect(storableRuleErrors([ok, scoped('plt1')], ['PLT1'])).toEqual([]);
    expect(storableRuleErrors([ok, scoped('PLT9')], ['PLT1']).map((e) => e.field)).toEqual(['rules[1].scope.site']);
    expect(storableRuleErrors([scoped('PLT9')], [], () => 'rule').map((e) => e.field)).toEqual(['rule.scope.site']);
  });
});
