import { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDuration, parseIsoTime } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { buildFeatureWindows, FeatureRecipe, signalLevels, unhealthyRanges } from '@fleetgate/inference';
import {
  anomalyTrainingSet,
  failureTrainingSet,
  failureWithinHorizonLabels,
  healthyWindowMask,
  MANIFEST_FILE_NAME,
  ANOMALY_HEALTHY_HORIZON_MS,
  parseManifest,
  trainedModelManifest,
  TrainingSet,
} from '@fleetgate/registry';
import { TelemetryService } from '@fleetgate/telemetry';
import { augmentOperatingPoint, trainAnomalyModel, trainFailureModel, TrainedModel } from '@fleetgate/training';
import { CliError, print, service, withOperator } from '../cli-context';

const DEFAULT_RECIPE = { window: '6h', step: '1h', aggregations: ['mean', 'std', 'min', 'max', 'slope'] as FeatureRecipe['aggregations'], minCoverage: 0.8 };

interface TrainOpts {
  machine: string;
  from?: string;
  to?: string;
  window?: string;
  task: string;
  out: string;
  signals?: string;
  name?: string;
  horizon: string;
  epochs?: string;
  seed: string;
  envelope?: boolean;
  json?: boolean;
}

function duration(text: string, flag: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`${flag}: ${(error as Error).message}`, 2);
  }
}

export function trainCommand(program: Command): void {
  program
    .command('train')
    .description("train a model on one machine's stored telemetry (tfjs) and write model.onnx + fleetgate.model.json")
    .requiredOption('--machine <asset id>', 'training machine')
    .option('--from <ISO>', 'period start')
    .option('--to <ISO>', 'period end (exclusive)')
    .option('--window <duration>', 'instead of --from/--to: the last <duration> of the machine data, e.g. 30d')
    .requiredOption('--task <task>', 'anomaly-score | failure-probability')
    .requiredOption('--out <dir>', 'output directory, e.g. models/<name>/')
    .option('--signals <a,b,c>', 'canonical signals (default: every signal stored for the machine)')
    .option('--name <model name>', 'model name (default: <machine>-<task>)')
    .option('--horizon <duration>', 'failure-probability: failure within this horizon', '7d')
    .option('--epochs <n>', 'training epochs')
    .option('--seed <n>', 'random seed (same data + seed = same model)', '42')
    .option('--no-envelope', "train on the pilot's own operating point only (no ±1 σ / ×0.5–2 envelope copies)")
    .option('--json', 'machine-readable output')
    .action(async (opts: TrainOpts) => {
      if (opts.task !== 'anomaly-score' && opts.task !== 'failure-probability')
        throw new CliError(`--task must be anomaly-score or failure-probability, got "${opts.task}"`, 2);
      const task = opts.task;
      const horizonMs = task === 'failure-probability' ? duration(opts.horizon, '--horizon') : ANOMALY_HEALTHY_HORIZON_MS;
      const windowMs = duration(DEFAULT_RECIPE.window, 'window');
      const result = await withOperator(async (app) => {
        const machine = await service(app, FleetService).findByAssetId(opts.machine);
        if (!machine) throw new CliError(`machine ${opts.machine} is not in the fleet (import it with \`fleet import\` or an importer)`, 2);
        const telemetry = service(app, TelemetryService);
        const stored = (await telemetry.seriesInfo(machine.id)).map((s) => s.signal).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
        if (stored.length === 0) throw new CliError(`machine ${opts.machine} has no telemetry`, 2);
        const signals = opts.signals
          ? opts.signals
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : stored;
        const unknown = signals.filter((s) => !stored.includes(s));
        if (unknown.length) throw new CliError(`machine ${opts.machine} has no data for ${unknown.join(', ')} (it has: ${stored.join(', ')})`, 2);
        const { fromMs, toMs } = await period(opts, () => telemetry.dataSpan(machine.id));

        const recipe: FeatureRecipe = {
          signals,
          windowMs,
          stepMs: duration(DEFAULT_RECIPE.step, 'step'),
          aggregations: DEFAULT_RECIPE.aggregations,
          minCoverage: DEFAULT_RECIPE.minCoverage,
        };
        const series = await telemetry.readMachine(machine.id, signals, fromMs, toMs);
        const windows = buildFeatureWindows(recipe, series);
        const events = await telemetry.events(machine.id, fromMs - windowMs, toMs + horizonMs);
        const failures = events.filter((e) => e.kind === 'failure').map((e) => e.ts);
        let set: TrainingSet;
        if (task === 'anomaly-score') {
          set = anomalyTrainingSet(windows.features, windows.cols, healthyWindowMask(windows.windowEndMs, windowMs, failures, horizonMs));
        } else {
          if (failures.length === 0)
            throw new CliError(
              `no labelled failure of ${opts.machine} in or within ${opts.horizon} after the period: a failure-probability model needs one (import events, or use --task anomaly-score)`,
              2,
            );
          set = failureTrainingSet(windows.features, windows.cols, failureWithinHorizonLabels(windows.windowEndMs, windowMs, failures, horizonMs));
        }
        if (set.rows < 10) throw new CliError(`only ${set.rows} usable training windows (${windows.rows} complete of ${windows.total}); widen the period`, 2);
        // Train for the envelope the model is meant to serve, not only the pilot's own operating point.
        const levels = Object.fromEntries(signalLevels(signals, series, unhealthyRanges(events, horizonMs)).map((l) => [l.signal, l]));
        const envelope =
          opts.envelope === false
            ? null
            : augmentOperatingPoint({
                features: set.features,
                rows: set.rows,
                featureNames: windows.featureNames,
                levels,
                labels: set.labels,
                copies: 4,
                seed: Number(opts.seed),
              });
        const common = {
          features: envelope?.features ?? set.features,
          rows: envelope?.rows ?? set.rows,
          cols: set.cols,
          featureNames: windows.featureNames,
          seed: Number(opts.seed),
          ...(opts.epochs ? { epochs: Number(opts.epochs) } : {}),
        };
        const model: TrainedModel & { threshold?: number } =
          task === 'anomaly-score'
            ? await trainAnomalyModel(common)
            : await trainFailureModel({ ...common, labels: envelope?.labels ?? set.labels!, outputName: 'prob' });
        model.dispose();
        const name = opts.name ?? `${opts.machine}-${task}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
        const manifest = trainedModelManifest({
          name,
          task,
          signals,
          window: DEFAULT_RECIPE.window,
          step: DEFAULT_RECIPE.step,
          aggregations: DEFAULT_RECIPE.aggregations,
          minCoverage: DEFAULT_RECIPE.minCoverage,
          horizon: task === 'failure-probability' ? opts.horizon : undefined,
          outputName: model.outputName,
          threshold: model.threshold ?? 0.5,
          machineIds: [opts.machine],
          fromMs,
          toMs,
          framework: `tfjs-${model.backend}`,
          metadata: {
            trainer: task === 'anomaly-score' ? 'autoencoder' : 'mlp',
            epochs: model.epochs,
            seed: model.seed,
            trainingWindows: set.rows,
            operatingEnvelope: envelope ? { copies: 4, levelShiftSigma: 1, spread: [0.5, 2] } : null,
            positives: set.positives,
            skippedWindows: windows.skipped,
            finalLoss: model.lossHistory[model.lossHistory.length - 1],
          },
        });
        const parsed = parseManifest(manifest);
        if (!parsed.ok) throw new CliError(`the written manifest would be invalid: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, 1);
        fs.mkdirSync(opts.out, { recursive: true });
        fs.writeFileSync(path.join(opts.out, 'model.onnx'), model.onnx);
        fs.writeFileSync(path.join(opts.out, MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
        return {
          name,
          out: path.resolve(opts.out),
          rows: set.rows,
          positives: set.positives,
          features: windows.cols,
          threshold: manifest.output,
          backend: model.backend,
        };
      });
      print(
        !!opts.json,
        result,
        () =>
          `trained ${result.name} on ${result.rows} windows × ${result.features} features (${result.backend})\nwrote ${path.join(result.out, 'model.onnx')} and ${MANIFEST_FILE_NAME}\nregister it with: npm run cli -- models register ${path.join(opts.out, 'model.onnx')}`,
      );
    });
}

async function period(opts: TrainOpts, span: () => Promise<{ fromMs: number; toMs: number } | null>): Promise<{ fromMs: number; toMs: number }> {
  if (opts.window) {
    if (opts.from || opts.to) throw new CliError('give either --window or --from/--to, not both', 2);
    const s = await span();
    if (!s) throw new CliError('the machine has no telemetry', 2);
    return { fromMs: Math.max(s.fromMs, s.toMs - duration(opts.window, '--window')), toMs: s.toMs };
  }
  if (!opts.from || !opts.to) throw new CliError('give --from and --to, or --window', 2);
  const fromMs = parseIsoTime(opts.from);
  const toMs = parseIsoTime(opts.to);
  if (fromMs === null) throw new CliError(`--from is not an ISO date or date-time: "${opts.from}"`, 2);
  if (toMs === null) throw new CliError(`--to is not an ISO date or date-time: "${opts.to}"`, 2);
  if (!(toMs > fromMs)) throw new CliError('--to must be after --from', 2);
  return { fromMs, toMs };
}
