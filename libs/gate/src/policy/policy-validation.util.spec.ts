import { BORDERLINE_RULE, DEFAULT_POLICY, DEFAULT_POLICY_WITH_GUARDS, DEFAULT_POLICY_WITH_VALUE, DEFAULT_VALUE_COSTS, VALUE_RULE } from '../default-policy';
import { checkPolicyDefinition } from './policy-validation.util';

describe('checkPolicyDefinition', () => {
  it('accepts the default policy unchanged', () => {
    expect(checkPolicyDefinition(DEFAULT_POLICY)).toEqual({ ok: true, policy: DEFAULT_POLICY });
  });

  it('names every bad field by its path', () => {
    const check = checkPolicyDefinition({
      maxEvidenceAgeHours: 0,
      rules: [
        { id: 'a', kind: 'recall', threshold: 1.5 },
        { id: 'a', kind: 'evaluated-share', threshold: 0.9 },
        { id: 'b', kind: 'magic', threshold: 1 },
        { id: 'c', kind: 'evaluated-share', threshold: 0.9, dimension: 'site' },
      ],
    });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors.map((e) => e.field)).toEqual([
      'maxEvidenceAgeHours',
      'rules[0].threshold',
      'rules[1].id',
      'rules[2].kind',
      'rules[3].dimension',
    ]);
  });

  it('accepts the borderline rule as a share, and refuses a threshold outside 0–1 for it', () => {
    const policy = { ...DEFAULT_POLICY, rules: [...DEFAULT_POLICY.rules, BORDERLINE_RULE] };
    expect(checkPolicyDefinition(policy)).toEqual({ ok: true, policy });
    expect(checkPolicyDefinition({ maxEvidenceAgeHours: 24, rules: [{ id: 'b', kind: 'max-borderline-share', threshold: 1.2 }] })).toMatchObject({
      ok: false,
      errors: [{ field: 'rules[0].threshold', message: 'max-borderline-share is a share: between 0 and 1' }],
    });
  });

  it('refuses a policy without rules', () => {
    expect(checkPolicyDefinition({ maxEvidenceAgeHours: 24, rules: [] })).toMatchObject({ ok: false, errors: [{ field: 'rules' }] });
  });

  it('drops nothing a rule reads and keeps a ratio threshold above 1', () => {
    const check = checkPolicyDefinition({
      maxEvidenceAgeHours: 48,
      rules: [{ id: 'alarm', kind: 'worst-segment-alarm-ratio', threshold: 2.5, dimension: 'site' }],
    });
    expect(check).toEqual({
      ok: true,
      policy: { maxEvidenceAgeHours: 48, rules: [{ id: 'alarm', kind: 'worst-segment-alarm-ratio', threshold: 2.5, dimension: 'site' }] },
    });
  });

  it('accepts the shipped guards and keeps them in the stored definition', () => {
    expect(checkPolicyDefinition(DEFAULT_POLICY_WITH_GUARDS)).toEqual({ ok: true, policy: DEFAULT_POLICY_WITH_GUARDS });
    expect(checkPolicyDefinition({ ...DEFAULT_POLICY, guards: { envelope: { trailingDays: 14 } } })).toEqual({
      ok: true,
      policy: { ...DEFAULT_POLICY, guards: { envelope: { trailingDays: 14 } } },
    });
  });

  it('names each bad guard field by its path', () => {
    const check = checkPolicyDefinition({
      ...DEFAULT_POLICY,
      guards: { envelope: { trailingDays: 0 }, alarmRate: { k: 0.5, minWindows: 10.5 }, drift: {} },
    });
    expect(!check.ok && check.errors.map((e) => e.field)).toEqual([
      'guards.drift',
      'guards.envelope.trailingDays',
      'guards.alarmRate.k',
      'guards.alarmRate.minWindows',
    ]);
    expect(checkPolicyDefinition({ ...DEFAULT_POLICY, guards: [] })).toMatchObject({ ok: false, errors: [{ field: 'guards' }] });
    expect(checkPolicyDefinition({ ...DEFAULT_POLICY, guards: { alarmRate: { k: 3, minWindows: 100, z: 2 } } })).toMatchObject({
      ok: false,
      errors: [{ field: 'guards.alarmRate.z' }],
    });
  });

  it('accepts the shipped value rule (advisory) with its costs, and keeps both in the stored definition', () => {
    expect(checkPolicyDefinition(DEFAULT_POLICY_WITH_VALUE)).toEqual({ ok: true, policy: DEFAULT_POLICY_WITH_VALUE });
    // A net value may be required above a negative figure (money, not a share or a count).
    const lenient = checkPolicyDefinition({ ...DEFAULT_POLICY, rules: [{ ...VALUE_RULE, threshold: -1000 }], value: DEFAULT_VALUE_COSTS });
    expect(lenient.ok && lenient.policy.rules[0]).toMatchObject({ kind: 'value', threshold: -1000, mode: 'advisory' });
  });

  it('names each bad value cost and rule mode by its path', () => {
    const check = checkPolicyDefinition({
      maxEvidenceAgeHours: 720,
      rules: [
        { id: 'value', kind: 'value', threshold: 0, mode: 'quiet' },
        { id: 'e', kind: 'evaluated-share', threshold: 0.9, mode: 'advisory', minFailures: 3 },
      ],
      value: { unplannedFailureCost: -1, plannedRepairCost: '10', falseAlarmCost: Infinity, minLeadTimeHours: 24 * 400, currency: 'EUR' },
    });
    expect(!check.ok && check.errors.map((e) => e.field)).toEqual([
      'rules[0].mode',
      'rules[1].minFailures',
      'value.currency',
      'value.unplannedFailureCost',
      'value.plannedRepairCost',
      'value.falseAlarmCost',
      'value.minLeadTimeHours',
    ]);
  });

  it('refuses a value rule without costs, and a planned repair dearer than the failure', () => {
    const bare = checkPolicyDefinition({ maxEvidenceAgeHours: 720, rules: [VALUE_RULE] });
    expect(!bare.ok && bare.errors.map((e) => e.field)).toEqual(['value']);
    const upsideDown = checkPolicyDefinition({ maxEvidenceAgeHours: 720, rules: [VALUE_RULE], value: { ...DEFAULT_VALUE_COSTS, plannedRepairCost: 60_000 } });
    expect(!upsideDown.ok && upsideDown.errors).toEqual([
      { field: 'value.plannedRepairCost', message: expect.stringContaining('at most unplannedFailureCost') },
    ]);
    expect(!checkPolicyDefinition({ maxEvidenceAgeHours: 720, rules: [VALUE_RULE], value: [] }).ok).toBe(true);
  });
});
