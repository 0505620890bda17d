import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Role } from '@fleetgate/common';
import { EvaluationReader, EvaluationRunService } from '@fleetgate/evaluation';
import { ModelVersionService } from '@fleetgate/registry';
import { sampleTrainingMachines } from '@fleetgate/training';
import { AdviceMachines } from './advice-machines.service';
import { AdviceEntity } from './advice.entity';
import { AdviceOptions, RemedyState } from './advice.types';
import { VariantTrainer } from './variant-trainer.service';

/**
 * The worker's `advise` job: trains and registers each remedy's variant, then starts one
 * evaluation run per applicable remedy over the left-out machines (same period, same age bands).
 * The runs go to the workers like any other; the api computes the summary once they ended. Each
 * step is saved as it completes, so a retried job picks up where the last attempt stopped.
 */
@Injectable()
export class AdviceRunner {
  private readonly logger = new Logger(AdviceRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluations: EvaluationReader,
    private readonly runs: EvaluationRunService,
    private readonly versions: ModelVersionService,
    private readonly machines: AdviceMachines,
    private readonly trainer: VariantTrainer,
  ) {}

  async run(adviceId: string): Promise<void> {
    const repo = this.dataSource.getRepository(AdviceEntity);
    const advice = await repo.findOne({ where: { id: adviceId } });
    if (!advice || advice.status === 'done' || advice.status === 'failed' || advice.status === 'evaluating') return;
    await repo.update({ id: adviceId }, { status: 'training' });
    const options = JSON.parse(advice.options) as AdviceOptions;
    const remedies = JSON.parse(advice.remedies) as RemedyState[];
    const save = () => repo.update({ id: adviceId }, { remedies: JSON.stringify(remedies) });
    try {
      const run = (await this.evaluations.run(advice.runId))!;
      const source = await this.versions.load(run.modelVersionId);
      const all = await this.machines.of(run.id, run);
      const leftOut = all.filter((m) => m.verdict !== null && m.verdict !== 'generalizes' && m.verdict !== 'training');
      const actor: Actor = { id: `advice:${advice.id}`, name: advice.requestedBy, role: options.role as Role, sites: [] };
      for (const r of remedies) {
        if (!r.applies || r.modelVersionId || r.error) continue;
        if (!r.training && !r.sharesVariantOf) {
          r.modelVersionId = source.id;
          r.label = `${source.modelName}@${source.version}`;
          continue;
        }
        if (r.sharesVariantOf) continue;
        // A stratified draw over the left-out machines that have data (the CLI's segmentation: machine model × age band).
        const drawn = r.training!.sample
          ? sampleTrainingMachines(
              leftOut
                .filter((m) => m.verdict !== 'insufficient-data')
                .map((m) => ({ assetId: m.assetId, segment: `machineModel=${m.machineModel} ageBand=${m.ageBand}` })),
              options.samplePerSegment,
              options.seed,
            ).assetIds
          : [];
        try {
          const variant = await this.trainer.train(source, r.remedy, r.training!, drawn, advice.requestedBy);
          Object.assign(r, variant);
        } catch (error) {
          r.error = `training the variant failed: ${error instanceof Error ? error.message : String(error)}`;
          this.logger.warn({ msg: 'advice variant not trained', adviceId, remedy: r.remedy, error: r.error });
        }
        await save();
      }
      for (const r of remedies.filter((x) => x.sharesVariantOf)) {
        const base = remedies.find((x) => x.remedy === r.sharesVariantOf)!;
        if (r.applies && !r.modelVersionId)
          Object.assign(r, { modelVersionId: base.modelVersionId, label: base.label, trainingMachines: base.trainingMachines, error: base.error });
      }
      for (const r of remedies) {
        if (!r.applies || !r.modelVersionId || r.runId) continue;
        const started = await this.runs.start(
          {
            modelVersionId: r.modelVersionId,
            selection: { assetIds: leftOut.map((m) => m.assetId) },
            from: new Date(run.fromMs).toISOString(),
            to: new Date(run.toMs).toISOString(),
            ...(run.selection.ageBands ? { ageBands: run.selection.ageBands } : {}),
            thresholds: r.thresholds,
            idempotencyKey: `advice:${advice.id}:${r.remedy}`,
          },
          actor,
        );
        r.runId = started.id;
        await save();
      }
      await repo.update({ id: adviceId }, { status: 'evaluating', remedies: JSON.stringify(remedies) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repo.update({ id: adviceId }, { status: 'failed', error: message, remedies: JSON.stringify(remedies), finishedAt: Date.now() });
      throw error;
    }
  }
}
