import { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DAY_MS, formatDuration, ISO_TIME_HINT, parseDuration, parseIsoTime } from '@fleetgate/common';
import { AFTER_EVENT_MS, healthyHorizonMs } from '@fleetgate/inference';
import { MANIFEST_FILE_NAME, manifestNormalization, parseManifest, trainedModelManifest } from '@fleetgate/registry';
import { TelemetryService } from '@fleetgate/telemetry';
import {
  PilotModel,
  PilotNormalization,
  SegmentDraw,
  trainFleetModel,
  TrainingMachine,
  trainingMetadata,
  TrainingErrorCode,
  TrainingException,
} from '@fleetgate/training';
import { CliError, print, service, withOperator } from '../cli-context';
import { addLookbackOption, LookbackOptions, resolveLookback } from '../lookback-option';
import { findPilot, otherTrainingMachines, SAMPLE_SEGMENTATION, TrainingMachineOptions, trainingSelection } from '../training-machines-option';

interface TrainOpts extends LookbackOptions, TrainingMachineOptions {
  from?: string;
  to?: string;
  task: string;
  out: string;
  signals?: string;
  name?: string;
  horizon: string;
  epochs?: string;
  seed: string;
  envelope?: boolean;
  keepFlatSignals?: boolean;
  normalization: string;
  baseline: string;
  regimeSignals?: string;
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
  addLookbackOption(
    program
      .command('train')
      .description("train a model on one machine's (or several machines') stored telemetry (tfjs) and write model.onnx + fleetgate.model.json")
      .option('--machine <asset id>', 'the training machine (the pilot)')
      .option('--machines <a,b,c>', 'train on several machines instead (the first is the pilot); all are recorded as training machines')
      .option(
        '--sample-per-segment <K>',
        'with --machine: also train on K machines drawn from each segment of machine model × age band (other machines with data in the period; deterministic for --seed)',
      )
      .option('--from <ISO>', 'period start')
      .option('--to <ISO>', 'period end (exclusive)'),
    'instead of --from/--to: look-back period, the last <duration> of the machine data, e.g. 30d',
  )
    .requiredOption('--task <task>', 'anomaly-score | failure-probability')
    .requiredOption('--out <dir>', 'output directory, e.g. models/<name>/')
    .option('--signals <a,b,c>', 'canonical signals (default: every signal stored for the machine)')
    .option('--name <model name>', 'model name (default: <machine>-<task>)')
    .option('--horizon <duration>', 'failure-probability: failure within this horizon', '7d')
    .option('--epochs <n>', 'training epochs')
    .option('--seed <n>', 'random seed (same data + seed = same model, and the same --sample-per-segment draw)', '42')
    .option('--no-envelope', "train on the pilot's own operating point only (no ±1 σ / ×0.5–2 envelope copies)")
    .option('--keep-flat-signals', 'keep signals that are flat in the training period (left out by default)')
    .option('--normalization <method>', 'none | per-machine-baseline | per-regime (how every machine is expressed to the model)', 'none')
    .option('--baseline <duration>', 'per-machine-baseline: baseline length, the first free stretch of each machine', '14d')
    .option(
      '--regime-signals <a,b>',
      'the signals that set the operating regime (read, never model inputs); per-regime needs them, per-machine-baseline takes them to give each machine its own baseline in each regime',
    )
    .option('--json', 'machine-readable output')
    .action(async (opts: TrainOpts) => {
      if (opts.task !== 'anomaly-score' && opts.task !== 'failure-probability')
        throw new CliError(`--task must be anomaly-score or failure-probability, got "${opts.task}"`, 2);
      const task = opts.task;
      const lookback = resolveLookback(opts);
      const horizonMs = task === 'failure-probability' ? duration(opts.horizon, '--horizon') : undefined;
      const normalization = normalizationOption(opts);
      const selection = trainingSelection(opts);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new CliError(`--seed must be an integer, got "${opts.seed}"`, 2);
      const result = await withOperator(async (app) => {
        const { machine, flag } = await findPilot(app, selection);
        const pilotId = machine.assetId;
        const telemetry = service(app, TelemetryService);
        const stored = (await telemetry.seriesInfo(machine.id)).map((s) => s.signal).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
        if (stored.length === 0) throw new CliError(`${flag}: machine ${pilotId} has no telemetry`, 2);
        const regimeSignals = normalization.method === 'none' ? [] : (normalization.regimeSignals ?? []);
        const signals = opts.signals ? list(opts.signals) : stored.filter((s) => !regimeSignals.includes(s));
        const unknown = [...signals, ...regimeSignals].filter((s) => !stored.includes(s));
        if (unknown.length) throw new CliError(`machine ${pilotId} has no data for ${unknown.join(', ')} (it has: ${stored.join(', ')})`, 2);
        // The period is the pilot's (its last --lookback); every other training machine is read over the same period.
        const { fromMs, toMs } = await period(opts, lookback, telemetry.maxLookbackDays, () => telemetry.dataSpan(machine.id));
        const others = await otherTrainingMachines(app, selection, machine, [...signals, ...regimeSignals], { fromMs, toMs }, seed);

        const trainingMachines: TrainingMachine[] = [];
        for (const m of [machine, ...others.machines.map((o) => o.machine)]) {
          trainingMachines.push({
            id: m.assetId,
            series: await telemetry.readMachine(m.id, [...signals, ...regimeSignals], fromMs, toMs),
            // An event shortly before the period still unsettles its first windows; a failure within the horizon after it marks its last ones.
            events: await telemetry.labelEvents(m.id, fromMs - AFTER_EVENT_MS, toMs + healthyHorizonMs(horizonMs)),
          });
        }
        const machineIds = trainingMachines.map((m) => m.id);
        const model = await train(opts, machineIds, () =>
          trainFleetModel(trainingMachines, {
            task,
            signals,
            horizonMs,
            seed,
            envelope: opts.envelope !== false,
            keepFlatSignals: !!opts.keepFlatSignals,
            normalization,
            ...(opts.epochs ? { epochs: Number(opts.epochs) } : {}),
          }),
        );
        const name = opts.name ?? `${pilotId}-${task}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
        const manifest = trainedModelManifest({
          name,
          task,
          signals: model.recipe.signals,
          window: formatDuration(model.recipe.windowMs),
          step: formatDuration(model.recipe.stepMs),
          aggregations: model.recipe.aggregations,
          minCoverage: model.recipe.minCoverage,
          horizon: task === 'failure-probability' ? opts.horizon : undefined,
          outputName: model.outputName,
          threshold: model.threshold,
          machineIds,
          fromMs,
          toMs,
          framework: `tfjs-${model.backend}`,
          normalization: manifestNormalization(model.normalization),
          metadata: trainingMetadata(model, {
            ...(opts.keepFlatSignals ? { keptFlatSignals: model.flatSignals.map((f) => ({ signal: f.signal, reason: f.reason })) } : {}),
            ...(others.draw ? { trainingMachines: sampledMachinesMetadata(model, others.draw, Number(opts.samplePerSegment), seed) } : {}),
          }),
        });
        const parsed = parseManifest(manifest);
        if (!parsed.ok) throw new CliError(`the written manifest would be invalid: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, 1);
        fs.mkdirSync(opts.out, { recursive: true });
        fs.writeFileSync(path.join(opts.out, 'model.onnx'), model.onnx);
        fs.writeFileSync(path.join(opts.out, MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
        return {
          name,
          out: path.resolve(opts.out),
          machineIds,
          rows: model.rows,
          positives: model.positives,
          features: model.cols,
          threshold: manifest.output,
          backend: model.backend,
          signals: model.recipe.signals,
          leftOutSignals: model.leftOutSignals,
          keptFlatSignals: opts.keepFlatSignals ? model.flatSignals.map((f) => ({ signal: f.signal, reason: f.reason })) : [],
        };
      });
      // A warning on stderr in both modes, so --json output stays one document on stdout.
      if (result.leftOutSignals.length)
        process.stderr.write(
          `warning: left out ${result.leftOutSignals.length} signal(s) that carry no information in the training period: ${result.leftOutSignals
            .map((l) => `${l.signal} (${l.reason})`)
            .join('; ')} — keep them with --keep-flat-signals\n`,
        );
      if (result.keptFlatSignals.length)
        process.stderr.write(
          `warning: kept ${result.keptFlatSignals.length} flat signal(s) (--keep-flat-signals): ${result.keptFlatSignals.map((l) => `${l.signal} (${l.reason})`).join('; ')}\n`,
        );
      print(
        !!opts.json,
        result,
        () =>
          `trained ${result.name} on ${result.rows} windows × ${result.features} features (${result.backend})\n${
            result.machineIds.length > 1 ? `training machines (${result.machineIds.length}; the pilot first): ${result.machineIds.join(', ')}\n` : ''
          }${
            result.leftOutSignals.length ? `left out (flat in the training period): ${result.leftOutSignals.map((l) => l.signal).join(', ')}\n` : ''
          }wrote ${path.join(result.out, 'model.onnx')} and ${MANIFEST_FILE_NAME}\nregister it with: npm run cli -- models register ${path.join(opts.out, 'model.onnx')}`,
      );
    });
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function normalizationOption(opts: TrainOpts): PilotNormalization {
  const method = opts.normalization;
  if (method === 'none') return { method };
  if (method === 'per-machine-baseline')
    return { method, baselineMs: duration(opts.baseline, '--baseline'), ...(opts.regimeSignals ? { regimeSignals: list(opts.regimeSignals) } : {}) };
  if (method === 'per-regime') {
    if (!opts.regimeSignals) throw new CliError('--regime-signals: per-regime needs the signals that set the operating regime, e.g. --regime-signals speed', 2);
    return { method, regimeSignals: list(opts.regimeSignals) };
  }
  throw new CliError(`--normalization must be none, per-machine-baseline or per-regime, got "${method}"`, 2);
}

/**
 * `training.metadata.trainingMachines` of a model trained on a stratified draw: the pilot and each
 * machine's training windows (as `trainingMetadata` records them) and the draw — segmentation, K,
 * seed and what each segment offered and gave.
 */
function sampledMachinesMetadata(model: PilotModel, draw: SegmentDraw[], perSegment: number, seed: number): Record<string, unknown> {
  return {
    pilot: model.machines[0].id,
    windows: model.machines.map((m) => ({ assetId: m.id, rows: m.rows, positives: m.positives })),
    sample: { perSegment, seed, segmentation: [...SAMPLE_SEGMENTATION], segments: draw },
  };
}

/** The trainer's refusals, worded for the command line (the flags and the machine by name). */
async function train(opts: TrainOpts, machineIds: string[], run: () => Promise<PilotModel>): Promise<PilotModel> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TrainingException && error.code === TrainingErrorCode.OnlyFlatSignals) {
      throw new CliError(`${error.message.replace('keepFlatSignals', '--keep-flat-signals')}`, 2, error.details);
    }
    if (error instanceof TrainingException && error.code === TrainingErrorCode.NoValidBaseline) {
      throw new CliError(`--normalization per-machine-baseline: ${error.message} (--baseline)`, 2, error.details);
    }
    if (error instanceof TrainingException && error.code === TrainingErrorCode.NoLabelledFailure) {
      throw new CliError(
        `no labelled failure of ${machineIds.join(', ')} in or within ${opts.horizon} after the period: a failure-probability model needs one (import events, or use --task anomaly-score)`,
        2,
        error.details,
      );
    }
    throw error;
  }
}

/**
 * The training period: the last --lookback of the machine's data, or --from/--to clipped to
 * its data. A period longer than FLEETGATE_MAX_LOOKBACK_DAYS is refused before anything is read.
 */
async function period(
  opts: TrainOpts,
  lookback: string | undefined,
  maxDays: number,
  span: () => Promise<{ fromMs: number; toMs: number } | null>,
): Promise<{ fromMs: number; toMs: number }> {
  const tooLong = (flag: string, ms: number) =>
    new CliError(`${flag}: the period spans ${Math.ceil(ms / DAY_MS)} days; at most ${maxDays} days may be read at once (FLEETGATE_MAX_LOOKBACK_DAYS)`, 2);
  if (lookback !== undefined) {
    if (opts.from || opts.to) throw new CliError('give either --lookback or --from/--to, not both', 2);
    const flag = opts.window !== undefined ? '--window' : '--lookback';
    const ms = duration(lookback, flag);
    if (ms > maxDays * DAY_MS) throw tooLong(flag, ms);
    const s = await span();
    if (!s) throw new CliError('the machine has no telemetry', 2);
    return { fromMs: Math.max(s.fromMs, s.toMs - ms), toMs: s.toMs };
  }
  if (!opts.from || !opts.to) throw new CliError('give --from and --to, or --lookback', 2);
  const fromMs = parseIsoTime(opts.from);
  const toMs = parseIsoTime(opts.to);
  if (fromMs === null) throw new CliError(`--from is not ${ISO_TIME_HINT}: "${opts.from}"`, 2);
  if (toMs === null) throw new CliError(`--to is not ${ISO_TIME_HINT}: "${opts.to}"`, 2);
  if (!(toMs > fromMs)) throw new CliError('--to must be after --from', 2);
  if (toMs - fromMs > maxDays * DAY_MS) throw tooLong('--from', toMs - fromMs);
  const s = await span();
  if (!s) throw new CliError('the machine has no telemetry', 2);
  const clipped = { fromMs: Math.max(fromMs, s.fromMs), toMs: Math.min(toMs, s.toMs) };
  if (!(clipped.toMs > clipped.fromMs))
    throw new CliError(
      `--from/--to: the machine has no telemetry in this period (its data: ${new Date(s.fromMs).toISOString()} → ${new Date(s.toMs).toISOString()})`,
      2,
    );
  return clipped;
}
