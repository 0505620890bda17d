import { Injectable } from '@nestjs/common';
import { Actor, siteScope } from '@fleetgate/common';
import { FleetService, VisibleMachines } from '@fleetgate/fleet';
import { siteReportView, SiteReportView } from '../report-view.util';
import { EvaluationRunEntity } from './evaluation-run.entity';
import { EvaluationRunService } from './evaluation-run.service';
import { EvaluationErrorCode, EvaluationException } from './evaluation.exception';
import { EvaluationRepository, RunProgress } from './evaluation.repository';
import { MachineEvaluationEntity } from './machine-evaluation.entity';

/** A run as the caller may see it; `withheld` only for a site-limited caller. */
export interface RunSummaryView {
  run: EvaluationRunEntity;
  progress: RunProgress;
  withheld: { machines: number } | null;
}

type ResultKey = Pick<MachineEvaluationEntity, 'machineId' | 'assetId' | 'status'>;

const notFound = (id: string) => new EvaluationException(EvaluationErrorCode.RunNotFound, 'not-found', `evaluation run ${id} not found`);

/**
 * The read side of runs, scoped by site: an unlimited caller gets the runs as stored; a plant
 * manager gets only runs that include a machine of their sites, with progress, selection,
 * per-machine results and the report limited to those machines and counts of what was
 * withheld. A run with none of their machines is a 404, exactly as an unknown run.
 */
@Injectable()
export class EvaluationViewService {
  constructor(
    private readonly runs: EvaluationRunService,
    private readonly repo: EvaluationRepository,
    private readonly fleet: FleetService,
  ) {}

  async list(actor: Actor, limit = 50): Promise<RunSummaryView[]> {
    const visible = await this.fleet.visibleMachines(actor);
    if (!visible) return Promise.all((await this.runs.list(limit)).map(async (run) => ({ run, progress: await this.runs.progress(run), withheld: null })));
    const runs = await this.repo.listRunsAmong(await this.repo.runIdsWithMachines([...visible.ids]), limit);
    return Promise.all(runs.map(async (run) => this.scoped(run, await this.repo.resultKeys(run.id), visible, actor)));
  }

  async get(id: string, actor: Actor): Promise<RunSummaryView> {
    const visible = await this.fleet.visibleMachines(actor);
    const { run, progress } = await this.runs.get(id);
    if (!visible) return { run, progress, withheld: null };
    return this.scoped(run, await this.repo.resultKeys(id), visible, actor);
  }

  /** The stored report text for an unlimited caller; a derived, site-filtered view otherwise. */
  async report(id: string, actor: Actor): Promise<{ text: string } | { view: SiteReportView }> {
    const visible = await this.fleet.visibleMachines(actor);
    if (visible) await this.get(id, actor); // 404 before 409: an unfinished run of another site is not found either
    const text = await this.runs.reportText(id);
    if (!visible) return { text };
    const { run } = await this.runs.get(id);
    return { view: siteReportView(text, run.reportHash, { sites: siteScope(actor) ?? [], machineIds: visible.ids, assetIds: visible.assetIds }) };
  }

  async machines(
    id: string,
    offset: number,
    limit: number,
    actor: Actor,
  ): Promise<{ total: number; items: MachineEvaluationEntity[]; withheld: { machines: number } | null }> {
    const visible = await this.fleet.visibleMachines(actor);
    if (!visible) return { ...(await this.runs.machines(id, offset, limit)), withheld: null };
    const { withheld } = await this.get(id, actor);
    const mine = (await this.repo.resultKeys(id)).filter((k) => visible.ids.has(k.machineId));
    const page = mine.slice(offset, offset + limit).map((k) => k.machineId);
    return { total: mine.length, items: await this.repo.resultsOfMachines(id, page), withheld };
  }

  private scoped(run: EvaluationRunEntity, keys: ResultKey[], visible: VisibleMachines, actor: Actor): RunSummaryView {
    const mine = keys.filter((k) => visible.ids.has(k.machineId));
    if (!mine.length) throw notFound(run.id);
    const finished = !['queued', 'running'].includes(run.status);
    const done = mine.filter((k) => k.status === 'done').length;
    // A finished run's unfinished machines count as failed: they will never get a result.
    const failed = mine.filter((k) => k.status === 'failed' || (finished && k.status === 'pending')).length;
    const sites = siteScope(actor) ?? [];
    const { assetIds, sites: selectedSites, ...rest } = run.selection;
    const selection = {
      ...rest,
      ...(assetIds ? { assetIds: assetIds.filter((a) => visible.assetIds.has(a)) } : {}),
      ...(selectedSites ? { sites: selectedSites.filter((s) => sites.includes(s)) } : {}),
    };
    return { run: { ...run, selection }, progress: { total: mine.length, done, failed }, withheld: { machines: keys.length - mine.length } };
  }
}
