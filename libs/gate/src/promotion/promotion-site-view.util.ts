import { PromotionView } from './promotion.view';

/** A promotion as a site-limited reader sees it: `withheld` counts the scope's machines of other sites. */
export type SitePromotionView = PromotionView & { withheld?: { machines: number } };

/**
 * The promotion's scope limited to the reader's machines, or null when none of them is in it.
 * Rule outcomes stay as judged: they are the decision's, computed over the whole scope, and name
 * no machine.
 */
export function sitePromotionView(view: PromotionView, assetIds: ReadonlySet<string>): SitePromotionView | null {
  const mine = view.scope.assetIds.filter((a) => assetIds.has(a));
  if (!mine.length) return null;
  return { ...view, scope: { ...view.scope, machines: mine.length, assetIds: mine }, withheld: { machines: view.scope.machines - mine.length } };
}
