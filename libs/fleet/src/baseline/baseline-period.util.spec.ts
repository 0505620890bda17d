import { checkBaselinePeriod } from './baseline-period.util';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const fields = (input: Parameters<typeof checkBaselinePeriod>[0]) => checkBaselinePeriod(input, NOW).errors.map((e) => e.field);

describe('checkBaselinePeriod', () => {
  it('accepts a past period with a note, as epoch ms', () => {
    expect(checkBaselinePeriod({ from: '2026-03-01', to: '2026-03-15T12:00:00Z', note: ' after the bearing overhaul ' }, NOW)).toEqual({
      period: { fromMs: Date.parse('2026-03-01T00:00:00Z'), toMs: Date.parse('2026-03-15T12:00:00Z'), note: 'after the bearing overhaul' },
      errors: [],
    });
  });

  it('names every bad field at once', () => {
    expect(fields({})).toEqual(['from', 'to', 'note']);
    expect(fields({ from: 'yesterday', to: 42, note: 7 })).toEqual(['from', 'to', 'note']);
    expect(fields({ from: '2026-03-01', to: '2026-03-15', note: '   ' })).toEqual(['note']);
  });

  it('refuses an empty or reversed period', () => {
    expect(fields({ from: '2026-03-15', to: '2026-03-01', note: 'x' })).toEqual(['to']);
    expect(fields({ from: '2026-03-15', to: '2026-03-15', note: 'x' })).toEqual(['to']);
  });

  it('refuses a period reaching into the future (a baseline is data the machine already has)', () => {
    const res = checkBaselinePeriod({ from: '2026-05-20', to: '2026-06-02', note: 'x' }, NOW);
    expect(res.period).toBeNull();
    expect(res.errors).toEqual([{ field: 'to', message: expect.stringContaining('in the future') }]);
  });

  it('refuses years outside the range every time window keeps to', () => {
    expect(fields({ from: '0001-01-01', to: '2026-01-01', note: 'x' })).toEqual(['from']);
  });
});
