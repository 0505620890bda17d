import { sitePromotionView } from './promotion-site-view.util';
import { PromotionView } from './promotion.view';

const VIEW = {
  id: 'p1',
  model: 'pump',
  version: 2,
  scope: { kind: 'assets', machines: 4, assetIds: ['A1', 'A2', 'B1', 'B2'] },
  ruleResults: [
    {
      id: 'in-envelope',
      kind: 'validated-share',
      value: 0.75,
      threshold: 0.8,
      comparison: '>=',
      outcome: 'fail',
      detail: '3 of 4 evaluated scope machines generalize',
    },
  ],
  blocking: ['in-envelope'],
  status: 'approved',
} as unknown as PromotionView;

describe('sitePromotionView', () => {
  it("keeps only the reader's machines of the scope and counts the others as withheld", () => {
    const view = sitePromotionView(VIEW, new Set(['A1', 'A2', 'A9']))!;
    expect(view.scope).toEqual({ kind: 'assets', machines: 2, assetIds: ['A1', 'A2'] });
    expect(view.withheld).toEqual({ machines: 2 });
  });

  it('leaves the rule outcomes and the decision as judged over the whole scope', () => {
    const view = sitePromotionView(VIEW, new Set(['A1']))!;
    expect(view.ruleResults).toEqual(VIEW.ruleResults);
    expect(view).toMatchObject({ blocking: ['in-envelope'], status: 'approved' });
  });

  it('hides a promotion with none of the reader’s machines', () => {
    expect(sitePromotionView(VIEW, new Set(['C1']))).toBeNull();
  });
});
