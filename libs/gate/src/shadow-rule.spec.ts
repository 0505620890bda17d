import { DAY_MS } from '@fleetgate/common';
import { DEFAULT_POLICY, DEFAULT_POLICY_WITH_GUARDS } from './default-policy';
import { checkPolicyDefinition } from './policy/policy-validation.util';
import { PolicyRule, ScopeMachine } from './policy.types';
import { shadowEvidence } from './promotion/shadow-evidence.util';
import { evaluatePolicy, evaluateRule } from './rules.util';

const machine = (assetId: string): ScopeMachine => ({
  assetId,
  machineModel: 'P200',
  ageBand: '0-5y',
  site: 'PLT1',
  evaluated: true,
  verdict: 'generalizes',
  usableFraction: 0.95,
  medianPsi: 0.05,
  alarmRateRatio: 1,
  failures: 1,
  detected: 1,
});
const scope = [machine('A1'), machine('A2')];
const rule: PolicyRule = { id: 'shadow', kind: 'shadow', threshold: 0.9, minDays: 7 };

describe('shadow rule', () => {
  it('passes after enough days of shadow over the whole scope with agreement above the limit', () => {
    const r = evaluateRule(rule, scope, { days: 8, machinesCompared: 2, windows: 100, agreement: 0.95 });
    expect(r).toMatchObject({ kind: 'shadow', value: 0.95, threshold: 0.9, comparison: '>=', outcome: 'pass' });
  });

  it('refuses too short a shadow even when the versions agree', () => {
    const r = evaluateRule(rule, scope, { days: 2, machinesCompared: 2, windows: 100, agreement: 1 });
    expect(r.outcome).toBe('insufficient-evidence');
    expect(r.detail).toMatch(/2\.0 of 7 days of shadow/);
  });

  it('fails on low agreement, and refuses without a shadow or with part of the scope uncovered', () => {
    expect(evaluateRule(rule, scope, { days: 8, machinesCompared: 2, windows: 100, agreement: 0.5 }).outcome).toBe('fail');
    expect(evaluateRule(rule, scope, { days: 0, machinesCompared: 0, windows: 0, agreement: null }).outcome).toBe('insufficient-evidence');
    expect(evaluateRule(rule, scope).outcome).toBe('insufficient-evidence');
    expect(evaluateRule(rule, scope, { days: 8, machinesCompared: 1, windows: 100, agreement: 1 }).detail).toMatch(/does not cover the scope/);
  });

  it('does not apply below production (evidence null) and blocks a policy otherwise', () => {
    expect(evaluateRule(rule, scope, null).outcome).toBe('pass');
    const policy = { ...DEFAULT_POLICY, rules: [rule] };
    expect(evaluatePolicy(policy, scope, { days: 1, machinesCompared: 2, windows: 10, agreement: 1 })).toMatchObject({ outcome: 'fail', blocking: ['shadow'] });
  });

  it('is in no shipped policy version', () => {
    for (const p of [DEFAULT_POLICY, DEFAULT_POLICY_WITH_GUARDS]) expect(p.rules.some((r) => r.kind === 'shadow')).toBe(false);
  });

  it('is validated: agreement is a share, minDays only on shadow rules', () => {
    expect(checkPolicyDefinition({ maxEvidenceAgeHours: 24, rules: [rule] })).toEqual({ ok: true, policy: { maxEvidenceAgeHours: 24, rules: [rule] } });
    const bad = checkPolicyDefinition({
      maxEvidenceAgeHours: 24,
      rules: [
        { id: 's', kind: 'shadow', threshold: 2 },
        { id: 't', kind: 'shadow', threshold: 0.9, minDays: -1 },
        { id: 'r', kind: 'recall', threshold: 0.5, minDays: 3 },
      ],
    });
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['rules[0].threshold', 'rules[1].minDays', 'rules[2].minDays']);
  });
});

describe('shadowEvidence', () => {
  const now = 10 * DAY_MS;
  it('takes the days from the longest shadow covering the whole scope and counts agreement on scope machines', () => {
    const e = shadowEvidence(
      [
        { id: 's1', machineIds: ['m1'], createdAt: 0, stoppedAt: null },
        { id: 's2', machineIds: ['m1', 'm2', 'm3'], createdAt: 7 * DAY_MS, stoppedAt: null },
      ],
      [
        { shadowId: 's2', machineId: 'm1', windows: 10, agreed: 9 },
        { shadowId: 's2', machineId: 'm2', windows: 10, agreed: 8 },
        { shadowId: 's2', machineId: 'm3', windows: 10, agreed: 0 },
      ],
      ['m1', 'm2'],
      now,
    );
    expect(e).toEqual({ days: 3, machinesCompared: 2, windows: 20, agreement: 17 / 20 });
  });

  it('ends a stopped shadow at its stop', () => {
    expect(shadowEvidence([{ id: 's', machineIds: ['m1'], createdAt: 0, stoppedAt: DAY_MS }], [], ['m1'], now)).toEqual({
      days: 1,
      machinesCompared: 0,
      windows: 0,
      agreement: null,
    });
  });
});
