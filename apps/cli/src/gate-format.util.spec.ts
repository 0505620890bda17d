import { parseScope, parseWaiver, ruleTable } from './gate-format.util';

describe('gate CLI parsing', () => {
  it('splits a waiver at the first "=" so the justification may contain one', () => {
    expect(parseWaiver('recall=no failures = nothing to measure')).toEqual({ ruleId: 'recall', justification: 'no failures = nothing to measure' });
    expect(parseWaiver('recall=')).toEqual({ ruleId: 'recall', justification: '' });
    expect(parseWaiver('recall')).toBeNull();
  });

  it('reads a scope as fleet, validated-scope or asset ids', () => {
    expect(parseScope('fleet')).toEqual({ scope: 'fleet' });
    expect(parseScope('validated-scope')).toEqual({ scope: 'validated-scope' });
    expect(parseScope('A1, A2,,A3')).toEqual({ scope: 'assets', assetIds: ['A1', 'A2', 'A3'] });
  });

  it('prints one line per rule with outcome, value and threshold', () => {
    const text = ruleTable([
      { id: 'in-envelope', kind: 'generalizes-share', value: 0.75, threshold: 0.9, comparison: '>=', outcome: 'fail', detail: '12 of 16' },
    ]);
    expect(text.split('\n')[1]).toMatch(/^in-envelope\s+FAIL\s+0\.750\s+>= 0\.9\s+12 of 16$/);
  });

  it('marks an advisory rule, which never blocks', () => {
    const text = ruleTable([
      { id: 'value', kind: 'value', value: -400, threshold: 0, comparison: '>', outcome: 'fail', detail: 'net value …', advisory: true },
    ]);
    expect(text.split('\n')[1]).toMatch(/^value\s+FAIL\s+-400\s+> 0\s+\[advisory, never blocks\] net value …$/);
  });
});
