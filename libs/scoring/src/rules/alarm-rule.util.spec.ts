import { alarmRuleProblems, DEFAULT_ALARM_RULE, parseAlarmRule, runAlarmRule, RuleWindow } from './alarm-rule.util';

const H = 3_600_000;
const windows = (flags: string, startMs = 0): RuleWindow[] => [...flags].map((c, i) => ({ endMs: startMs + (i + 1) * H, beyond: c === 'x' }));
const never = () => false;

describe('runAlarmRule (k of n to raise, m below to clear)', () => {
  const rule = { k: 3, n: 4, m: 6 };

  it('raises at the window where 3 of the last 4 are beyond, not before', () => {
    expect(runAlarmRule(rule, [], windows('x.x.x'), null, never).transitions).toEqual([]); // never 3 of 4
    const r = runAlarmRule(rule, [], windows('x..xx'), null, never);
    expect(r.transitions).toEqual([]);
    const r2 = runAlarmRule(rule, [], windows('.x.xx'), null, never);
    expect(r2.transitions).toEqual([{ kind: 'raise', atMs: 5 * H, index: 4, suppressed: false }]);
    expect(r2.open).toEqual({ suppressed: false });
  });

  it('does not raise on 2 of 4, however long it goes on', () => {
    expect(runAlarmRule(rule, [], windows('x..x..x..x..x'), null, never).transitions).toEqual([]);
  });

  it('continues from the windows scored before (history), so a round boundary changes nothing', () => {
    const whole = runAlarmRule(rule, [], windows('..xx.x......'), null, never);
    const first = runAlarmRule(rule, [], windows('..xx'), null, never);
    const second = runAlarmRule(rule, [false, false, true, true], windows('.x......', 4 * H), first.open, never);
    expect([...first.transitions, ...second.transitions.map((t) => ({ ...t, index: t.index + 4 }))]).toEqual(whole.transitions);
  });

  it('clears after m windows in a row below, and a window beyond in between restarts the count', () => {
    const r = runAlarmRule(rule, [], windows('xxx.....x......'), null, never);
    expect(r.transitions.map((t) => [t.kind, t.atMs / H])).toEqual([
      ['raise', 3],
      ['clear', 15],
    ]);
    expect(r.open).toBeNull();
  });

  it('keeps an open alarm open while fewer than m windows are below', () => {
    const r = runAlarmRule(rule, [true, true, true], windows('.....'), { suppressed: false }, never);
    expect(r.transitions).toEqual([]);
    expect(r.open).toEqual({ suppressed: false });
  });

  it('suppresses an alarm raised inside a maintenance window, and raises it when still beyond after the window', () => {
    const inMaintenance = (ms: number) => ms <= 4 * H;
    const r = runAlarmRule(rule, [], windows('xxxxxx'), null, inMaintenance);
    expect(r.transitions.map((t) => [t.kind, t.atMs / H, t.kind === 'raise' ? t.suppressed : t.reason])).toEqual([
      ['raise', 3, true],
      ['clear', 5, 'maintenance-ended'],
      ['raise', 5, false],
    ]);
  });

  it('a suppressed episode that ends inside the maintenance window raises nothing', () => {
    const r = runAlarmRule(rule, [], windows('xxx......'), null, () => true);
    expect(r.transitions.map((t) => [t.kind, t.kind === 'raise' ? t.suppressed : t.reason])).toEqual([
      ['raise', true],
      ['clear', 'below'],
    ]);
  });

  it('k = n = 1 raises on the first window beyond', () => {
    expect(runAlarmRule({ k: 1, n: 1, m: 1 }, [], windows('.x.'), null, never).transitions.map((t) => t.kind)).toEqual(['raise', 'clear']);
  });
});

describe('alarm rule settings', () => {
  it('defaults to 3 of 4, cleared after 6', () => {
    expect(DEFAULT_ALARM_RULE).toEqual({ k: 3, n: 4, m: 6 });
    expect(parseAlarmRule(null)).toEqual({ k: 3, n: 4, m: 6 });
    expect(parseAlarmRule('not json')).toEqual({ k: 3, n: 4, m: 6 });
  });

  it('reads a deployment rule and names the field of a bad one', () => {
    expect(parseAlarmRule('{"k":2,"n":5,"m":3}')).toEqual({ k: 2, n: 5, m: 3 });
    expect(alarmRuleProblems({ k: 5, n: 4, m: 6 })).toEqual([{ field: 'alarmRule.k', message: 'must not exceed n' }]);
    expect(alarmRuleProblems({ k: 1, n: 0.5, m: 6 }).map((p) => p.field)).toEqual(['alarmRule.n']);
  });
});
