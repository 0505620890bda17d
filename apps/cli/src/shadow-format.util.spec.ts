import { shadowText, ShadowView } from './shadow-format.util';

const agreement = (both: number, prod: number, cand: number, neither: number) => {
  const windows = both + prod + cand + neither;
  return {
    windows,
    both,
    productionOnly: prod,
    candidateOnly: cand,
    neither,
    agreement: (both + neither) / windows,
    rankCorrelation: 0.91,
    failures: { failures: 2, production: 2, candidate: 1 },
  };
};

describe('shadowText', () => {
  it('prints the span, then agreement overall and per segment', () => {
    const s: ShadowView = {
      id: 'sh-1',
      candidateVersionId: 'v-2',
      machineIds: ['a', 'b', 'c'],
      createdAt: '2026-11-01T00:00:00.000Z',
      stoppedAt: null,
      days: 7.5,
      overall: agreement(10, 2, 1, 87),
      segments: [{ ...agreement(10, 2, 1, 87), machineModel: 'P200', site: 'PLT1', machines: 3 }],
    };
    const [title, head, all, seg] = shadowText(s).split('\n');
    expect(title).toBe('shadow sh-1: candidate v-2 on 3 machines since 2026-11-01T00:00:00.000Z (7.5 days)');
    expect(head).toMatch(/^segment\s+windows\s+agreement\s+both\/prod\/cand\/neither\s+rank ρ\s+failures caught/);
    expect(all).toMatch(/^all\s+100\s+0\.97 10\/2\/1\/87\s+0\.91 2\/1 of 2$/);
    expect(seg).toMatch(/^P200 @ PLT1 \(3\)/);
  });

  it('shows "-" where no agreement or correlation could be formed', () => {
    const empty = {
      windows: 0,
      both: 0,
      productionOnly: 0,
      candidateOnly: 0,
      neither: 0,
      agreement: null,
      rankCorrelation: null,
      failures: { failures: 0, production: 0, candidate: 0 },
    };
    const text = shadowText({ id: 's', candidateVersionId: 'v', machineIds: [], createdAt: 'x', stoppedAt: 'y', days: 0, overall: empty, segments: [] });
    expect(text).toContain(', stopped y');
    expect(text.split('\n')[2]).toMatch(/^all\s+0\s+- 0\/0\/0\/0\s+-/);
  });
});
