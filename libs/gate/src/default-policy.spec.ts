import { canonicalJson, sha256Hex } from '@fleetgate/common';
import { GUARDS_POLICY_DEFINITION } from '../../../migrations/1764088000000-guards';
import { DEFAULT_VALUE_COSTS_DEFINITION, VALUE_RULE_DEFINITION, withValueRule } from '../../../migrations/1764088300000-default-policy-value';
import { DEFAULT_POLICY, DEFAULT_POLICY_WITH_GUARDS, DEFAULT_POLICY_WITH_VALUE, DEFAULT_VALUE_COSTS, VALUE_RULE } from './default-policy';

describe('DEFAULT_POLICY', () => {
  it('is frozen as default@1: a change ships as a new proposed version written by a migration (see the README)', () => {
    // Installations already judged requests under this exact text; editing it would change what
    // "default v1" means on a fresh database only. Add a migration that inserts the next version
    // of `default` with status `proposed` instead, and leave this value alone.
    expect(sha256Hex(canonicalJson(DEFAULT_POLICY))).toBe('3ac32f9cf36a4329dcd0884daf45c0498401ac07e0282b91b184eeaeace03d57');
  });

  it("ships its guards as default's next version: the migration's frozen text is DEFAULT_POLICY_WITH_GUARDS", () => {
    expect(canonicalJson(GUARDS_POLICY_DEFINITION)).toBe(canonicalJson(DEFAULT_POLICY_WITH_GUARDS));
    expect(DEFAULT_POLICY_WITH_GUARDS.rules.slice(0, DEFAULT_POLICY.rules.length)).toEqual(DEFAULT_POLICY.rules);
  });

  it("ships the advisory value rule as default's next version: the migration's frozen rule and costs are VALUE_RULE and DEFAULT_VALUE_COSTS", () => {
    expect(canonicalJson(VALUE_RULE_DEFINITION)).toBe(canonicalJson(VALUE_RULE));
    expect(canonicalJson(DEFAULT_VALUE_COSTS_DEFINITION)).toBe(canonicalJson(DEFAULT_VALUE_COSTS));
    expect(VALUE_RULE.mode).toBe('advisory');
    // On an installation whose newest default is the shipped guards version, it writes DEFAULT_POLICY_WITH_VALUE.
    expect(canonicalJson(withValueRule(GUARDS_POLICY_DEFINITION))).toBe(canonicalJson(DEFAULT_POLICY_WITH_VALUE));
  });

  it('builds the value version on the newest default, keeping what a team changed, and ships nothing twice', () => {
    const teams = { maxEvidenceAgeHours: 48, rules: [{ id: 'value', kind: 'recall', threshold: 0.8 }], value: { ...DEFAULT_VALUE_COSTS, falseAlarmCost: 900 } };
    expect(withValueRule(teams)).toEqual({
      maxEvidenceAgeHours: 48,
      rules: [teams.rules[0], { ...VALUE_RULE_DEFINITION, id: 'net-value' }],
      value: teams.value,
    });
    expect(withValueRule(DEFAULT_POLICY_WITH_VALUE as unknown as Parameters<typeof withValueRule>[0])).toBeNull();
  });
});
