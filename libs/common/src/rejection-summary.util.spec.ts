import { countReason, MAX_REASON_KINDS, ReasonCount, reasonKind, reasonsText } from './rejection-summary.util';

describe('reasonKind', () => {
  it('masks the particular values so that one kind of rejection counts as one reason', () => {
    expect(reasonKind('bad timestamp "noon" (ISO-8601 or epoch ms)')).toBe('bad timestamp "…" (ISO-8601 or epoch ms)');
    expect(reasonKind('9 cells, header has 8 — a decimal comma? quote the value or use a point')).toBe(
      'N cells, header has N — a decimal comma? quote the value or use a point',
    );
    // digits inside a name (ISO-8601 above, P200 here) are part of the name
    expect(reasonKind('unmapped tag "P200_X": no rule for "PLT1-P200-0001"')).toBe('unmapped tag "…": no rule for "…"');
  });
});

describe('countReason / reasonsText', () => {
  it('counts per kind, most frequent first, with the first example and line', () => {
    const counts: ReasonCount[] = [];
    countReason(counts, 'non-numeric value "x"', { line: 3 });
    countReason(counts, 'bad timestamp "noon" (ISO-8601 or epoch ms)', { line: 4 });
    countReason(counts, 'bad timestamp "later" (ISO-8601 or epoch ms)', { line: 9 });
    countReason(counts, 'unmapped tag "junk" (300 samples)', { line: 1 }, 300);
    expect(counts).toEqual([
      { reason: 'non-numeric value "…"', count: 1, example: 'non-numeric value "x"', firstLine: 3 },
      { reason: 'bad timestamp "…" (ISO-8601 or epoch ms)', count: 2, example: 'bad timestamp "noon" (ISO-8601 or epoch ms)', firstLine: 4 },
      { reason: 'unmapped tag "…" (N samples)', count: 300, example: 'unmapped tag "junk" (300 samples)', firstLine: 1 },
    ]);
    expect(reasonsText(counts, 2)).toBe(
      '300 × unmapped tag "junk" (300 samples) (first at line 1); 2 × bad timestamp "noon" (ISO-8601 or epoch ms) (first at line 4); 1 more of 1 other kind(s)',
    );
    expect(reasonsText([{ reason: 'r', count: 1, example: 'r', firstRow: 0 }])).toBe('1 × r (first at row 0)');
  });

  it('keeps the list bounded: kinds beyond the cap count as "other reasons"', () => {
    const counts: ReasonCount[] = [];
    for (let i = 0; i < MAX_REASON_KINDS + 5; i++)
      countReason(counts, `reason kind ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`);
    expect(counts).toHaveLength(MAX_REASON_KINDS + 1);
    expect(counts[MAX_REASON_KINDS]).toMatchObject({ reason: 'other reasons', count: 5 });
  });
});
