import { Injectable } from '@nestjs/common';
import { DAY_MS, formatDuration } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { AFTER_EVENT_MS, healthyHorizonMs } from '@fleetgate/inference';
import { LoadedModelVersion, manifestNormalization, RegistryService, trainedModelManifest } from '@fleetgate/registry';
import { TelemetryService } from '@fleetgate/telemetry';
import { PilotModel, trainFleetModel, TrainingMachine, trainingMetadata } from '@fleetgate/training';
import { Remedy } from './advice-summary.util';
import { VariantTraining } from './remedy-plan.util';

/** A variant as registered: its version and the machines it was trained on (the pilot first). */
export interface TrainedVariant {
  modelVersionId: string;
  label: string;
  trainingMachines: string[];
}

/**
 * Trains a remedy's variant of an evaluated version the way `fleetgate train` would — same task,
 * signals, recipe, seed and training period, on the pilot (and the drawn machines), with the
 * remedy's normalization — and registers it as a version of its own model
 * (`<model>-<remedy>`), so it can be evaluated, promoted and audited like any other. The same
 * inputs give byte-identical ONNX, so asking again registers nothing new.
 */
@Injectable()
export class VariantTrainer {
  constructor(
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
    private readonly registry: RegistryService,
  ) {}

  async train(source: LoadedModelVersion, remedy: Remedy, how: NonNullable<VariantTraining>, extraMachines: string[], by: string): Promise<TrainedVariant> {
    const m = source.manifest;
    const fromMs = Date.parse(m.training.from);
    const toMs = Date.parse(m.training.to);
    const pilot = m.training.machineIds[0];
    const regimeSignals = how.normalization.method === 'per-regime' ? how.normalization.regimeSignals : [];
    const read = [...m.signals, ...regimeSignals.filter((s) => !m.signals.includes(s))];
    const horizonMs = m.task === 'failure-probability' ? source.horizonMs : undefined;
    const drawn = extraMachines.filter((a) => a !== pilot);
    const share = drawnShareMs(toMs - fromMs, drawn.length, how.normalization.method === 'per-machine-baseline' ? how.normalization.baselineMs : 0);
    const machines: TrainingMachine[] = [];
    for (const assetId of [pilot, ...drawn]) {
      const machine = await this.fleet.getMachine(assetId);
      const from = assetId === pilot ? fromMs : toMs - share;
      machines.push({
        id: machine.assetId,
        series: await this.telemetry.readMachine(machine.id, read, from, toMs),
        events: await this.telemetry.labelEvents(machine.id, from - AFTER_EVENT_MS, toMs + healthyHorizonMs(horizonMs)),
      });
    }
    const seed = typeof m.training.metadata?.seed === 'number' ? m.training.metadata.seed : 42;
    const model = await trainFleetModel(machines, {
      task: m.task,
      signals: m.signals,
      recipe: {
        windowMs: source.recipe.windowMs,
        stepMs: source.recipe.stepMs,
        aggregations: source.recipe.aggregations,
        minCoverage: source.recipe.minCoverage,
      },
      horizonMs,
      seed,
      envelope: m.training.metadata?.operatingEnvelope !== null,
      normalization: how.normalization,
    });
    const name = `${m.name}-${remedy}`;
    const manifest = variantManifest(
      source,
      model,
      name,
      machines.map((x) => x.id),
      { fromMs, toMs },
      remedy,
    );
    const { version } = await this.registry.register({ manifest, onnx: model.onnx }, by);
    return { modelVersionId: version.id, label: `${version.model}@${version.version}`, trainingMachines: machines.map((x) => x.id) };
  }
}

/** The least a drawn machine contributes: a week of windows (after its baseline, for a per-machine-baseline variant). */
export const MIN_DRAWN_SHARE_MS = 7 * DAY_MS;

/**
 * How much of the training period each drawn machine contributes (its most recent part): the
 * period split among them, at least `MIN_DRAWN_SHARE_MS` past the baseline, at most all of it. It
 * keeps the fleet-trained variant's training set near a few times the pilot's, whatever the
 * sample size (40 machines × 90 days would otherwise train for tens of minutes on two cores),
 * while every drawn machine still shows its own level and spread.
 */
export function drawnShareMs(periodMs: number, drawn: number, baselineMs: number): number {
  if (drawn === 0) return periodMs;
  return Math.min(periodMs, Math.max(periodMs / drawn, baselineMs + MIN_DRAWN_SHARE_MS));
}

function variantManifest(
  source: LoadedModelVersion,
  model: PilotModel,
  name: string,
  machineIds: string[],
  period: { fromMs: number; toMs: number },
  remedy: Remedy,
): Record<string, unknown> {
  return trainedModelManifest({
    name,
    task: source.manifest.task,
    signals: model.recipe.signals,
    window: formatDuration(model.recipe.windowMs),
    step: formatDuration(model.recipe.stepMs),
    aggregations: model.recipe.aggregations,
    minCoverage: model.recipe.minCoverage,
    horizon: source.manifest.horizon,
    outputName: model.outputName,
    threshold: model.threshold,
    machineIds,
    fromMs: period.fromMs,
    toMs: period.toMs,
    framework: `tfjs-${model.backend}`,
    normalization: manifestNormalization(model.normalization),
    metadata: { ...trainingMetadata(model), advice: { remedy, from: `${source.modelName}@${source.version}` } },
  });
}
