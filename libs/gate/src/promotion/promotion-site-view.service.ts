import { Injectable } from '@nestjs/common';
import { Actor } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { gateErrors } from '../gate.exception';
import { PromotionStatus } from './promotion.entity';
import { PromotionService } from './promotion.service';
import { SitePromotionView, sitePromotionView } from './promotion-site-view.util';

/** How many promotions a site-limited list looks through before keeping the reader's (the newest). */
const SCOPED_LIST_WINDOW = 10_000;

/** The read side of promotions, scoped by site: a plant manager sees only promotions of their machines, and only those machines. */
@Injectable()
export class PromotionSiteViewService {
  constructor(
    private readonly promotions: PromotionService,
    private readonly fleet: FleetService,
  ) {}

  async get(id: string, actor: Actor): Promise<SitePromotionView> {
    const visible = await this.fleet.visibleMachines(actor);
    const view = await this.promotions.get(id);
    if (!visible) return view;
    const scoped = sitePromotionView(view, visible.assetIds);
    // Not 403: a promotion of other sites' machines is, for this reader, one that does not exist.
    if (!scoped) throw gateErrors.promotionNotFound(id);
    return scoped;
  }

  async list(filter: { status?: PromotionStatus; modelVersionId?: string; limit?: number }, actor: Actor): Promise<SitePromotionView[]> {
    const visible = await this.fleet.visibleMachines(actor);
    if (!visible) return this.promotions.list(filter);
    const all = await this.promotions.list({ ...filter, limit: SCOPED_LIST_WINDOW });
    return all
      .map((p) => sitePromotionView(p, visible.assetIds))
      .filter((p): p is SitePromotionView => p !== null)
      .slice(0, filter.limit ?? 100);
  }
}
