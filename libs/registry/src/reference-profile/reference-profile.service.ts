import { Injectable, Logger } from '@nestjs/common';
import { InferenceSession } from 'onnxruntime-node';
import { formatDuration } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import {
  buildFeatureWindows,
  featureNames,
  healthyWindowMask,
  MachineBaseline,
  normalizeSeries,
  prepareMachineSeries,
  runBatched,
  signalLevels,
  SignalRelations,
  signalRelations,
  signalsToRead,
  unhealthyRanges,
} from '@fleetgate/inference';
import { labelledPerformance, orientedAlarms } from '@fleetgate/stats';
import { TelemetryService } from '@fleetgate/telemetry';
import { ModelManifest } from '../manifest/manifest.types';
import { ModelIoNames, ModelReading, readModel } from '../manifest/model-reading.util';
import { alarmRate, computeReferenceProfile } from './reference-profile.util';
import { PilotRecall, ReferenceProfile, SignalProfile } from './reference-profile.types';
import { poolSignalLevels } from './signal-pool.util';

export type ProfileOutcome = { status: 'computed'; profile: ReferenceProfile } | { status: 'absent'; reason: string };

/**
 * Rebuilds the training data a manifest names (machines × period) from the store and
 * profiles the model on it. Data that is not there is not an error: the version is
 * registered without a profile and the reason says what was missing.
 */
@Injectable()
export class ReferenceProfileService {
  private readonly logger = new Logger(ReferenceProfileService.name);

  constructor(
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
  ) {}

  async fromTrainingData(manifest: ModelManifest, onnx: Uint8Array, io: ModelIoNames): Promise<ProfileOutcome> {
    const absent = (reason: string): ProfileOutcome => ({ status: 'absent', reason });
    const { machineIds } = manifest.training;
    if (machineIds.length === 0) return absent('the manifest names no training machine');
    const fromMs = Date.parse(manifest.training.from);
    const toMs = Date.parse(manifest.training.to);
    // Read whole into memory per machine: a period past the maximum look-back is not read at all.
    if (toMs - fromMs > this.telemetry.maxLookbackMs)
      return absent(
        `the training period (${manifest.training.from} → ${manifest.training.to}) is longer than ${this.telemetry.maxLookbackDays} days (FLEETGATE_MAX_LOOKBACK_DAYS)`,
      );
    const { recipe, horizonMs, inputName, output, normalization } = readModel(manifest, io);
    const names = featureNames(recipe);

    const parts: Array<{ features: Float32Array; rows: number; healthy: Uint8Array; windowEndMs: Float64Array; failures: number[] }> = [];
    const levels = new Map<string, SignalProfile[]>(manifest.signals.map((s) => [s, []]));
    let relations: SignalRelations | null = null;
    let pilot: { machineId: string; baseline: MachineBaseline } | null = null;
    for (const assetId of machineIds) {
      const machine = await this.fleet.findByAssetId(assetId);
      if (!machine) return absent(`training machine ${assetId} is not in the fleet`);
      const stored = await this.telemetry.readMachine(machine.id, signalsToRead(manifest.signals, normalization), fromMs, toMs);
      const missing = signalsToRead(manifest.signals, normalization).filter((s) => !stored[s]);
      if (missing.length) return absent(`machine ${assetId} has no stored data for ${missing.join(', ')}`);
      // Failures and maintenance only: error events are context and never make a window unhealthy.
      const events = await this.telemetry.labelEvents(machine.id, fromMs - recipe.windowMs, toMs + horizonMs);
      // The trainer's preparation, so the profile describes what the model saw.
      const prepared = prepareMachineSeries(normalization, {
        signals: manifest.signals,
        series: stored,
        events,
        horizonMs,
        dataFromMs: fromMs,
        dataToMs: toMs,
      });
      if (prepared.refusal) return absent(`training machine ${assetId}: ${prepared.refusal}`);
      const series = prepared.series;
      let windows;
      try {
        windows = buildFeatureWindows(recipe, series);
      } catch (error) {
        return absent(`features of machine ${assetId} cannot be built: ${(error as Error).message}`);
      }
      if (normalization.method === 'per-machine-baseline') {
        // Several training machines: the one with the most common healthy hours is the reference.
        const r = signalRelations(manifest.signals, series, unhealthyRanges(events, horizonMs));
        if (!relations || r.hours > relations.hours) relations = r;
        if (machineIds.length === 1 && prepared.baseline) pilot = { machineId: machine.id, baseline: prepared.baseline };
      }
      // The same robust estimator and healthy windows the evaluation uses, so levels and alarm rates compare.
      for (const level of signalLevels(manifest.signals, series, unhealthyRanges(events, horizonMs))) {
        levels.get(level.signal)!.push({ name: level.signal, n: level.hours, mean: level.mean, std: level.std });
      }
      parts.push({
        features: windows.features,
        rows: windows.rows,
        healthy: healthyWindowMask(windows.windowEndMs, recipe.windowMs, events, horizonMs),
        windowEndMs: windows.windowEndMs,
        failures: events.filter((e) => e.kind === 'failure').map((e) => e.ts),
      });
    }
    const rows = parts.reduce((a, p) => a + p.rows, 0);
    if (rows === 0) return absent(`no feature window of the training period has enough data (minCoverage ${recipe.minCoverage})`);
    const features = new Float32Array(rows * names.length);
    const healthy = new Uint8Array(rows);
    let at = 0;
    for (const p of parts) {
      features.set(p.features, at * names.length);
      healthy.set(p.healthy, at);
      at += p.rows;
    }
    if (!healthy.some((h) => h === 1))
      return absent(
        `all ${rows} training windows lie within ${formatDuration(horizonMs)} before a labelled failure or just after a failure or maintenance; none is healthy`,
      );

    const session = await InferenceSession.create(onnx);
    let scores: Float32Array;
    try {
      scores = await runBatched(session, inputName, output.name, features, rows, names.length);
    } finally {
      await session.release();
    }
    const profile = computeReferenceProfile({
      featureNames: names,
      features,
      rows,
      scores,
      healthy,
      signals: manifest.signals.map((s) => poolSignalLevels(s, levels.get(s)!)),
      threshold: manifest.output.threshold,
      higherIsWorse: manifest.output.higherIsWorse,
      recall: pilotRecall(parts, scores, manifest.output, horizonMs, recipe.stepMs),
      relations,
    });
    if (pilot) {
      const after = await this.outOfSampleAlarmRate(pilot, onnx, { recipe, horizonMs, inputName, output }, manifest.signals, toMs);
      if (after) profile.outOfSample = after;
    }
    this.logger.debug({ msg: 'reference profile', model: manifest.name, windows: rows, healthy: profile.windows.healthy });
    return { status: 'computed', profile };
  }

  /**
   * A per-machine-baseline pilot after its training period, expressed against the same baseline:
   * its healthy-window alarm rate there is what the model does on the pilot out of sample — the
   * honest reference for every other machine, which the evaluation also measures out of sample.
   * Null when the store holds too little after the period.
   */
  private async outOfSampleAlarmRate(
    pilot: { machineId: string; baseline: MachineBaseline },
    onnx: Uint8Array,
    model: Pick<ModelReading, 'recipe' | 'horizonMs' | 'inputName' | 'output'>,
    signals: string[],
    trainedToMs: number,
  ): Promise<{ alarmRate: number; healthyWindows: number; fromMs: number; toMs: number } | null> {
    const span = await this.telemetry.dataSpan(pilot.machineId);
    if (!span || span.toMs <= trainedToMs) return null;
    const toMs = Math.min(span.toMs, trainedToMs + this.telemetry.maxLookbackMs);
    const stored = await this.telemetry.readMachine(pilot.machineId, signals, trainedToMs, toMs);
    if (signals.some((s) => !stored[s])) return null;
    const windows = buildFeatureWindows(model.recipe, normalizeSeries(stored, pilot.baseline));
    const events = await this.telemetry.labelEvents(pilot.machineId, trainedToMs - model.recipe.windowMs, toMs + model.horizonMs);
    const healthy = healthyWindowMask(windows.windowEndMs, model.recipe.windowMs, events, model.horizonMs);
    const healthyWindows = healthy.reduce((n, h) => n + h, 0);
    if (healthyWindows < OUT_OF_SAMPLE_MIN_WINDOWS) return null;
    const session = await InferenceSession.create(onnx);
    try {
      const scores = await runBatched(session, model.inputName, model.output.name, windows.features, windows.rows, windows.cols);
      return { alarmRate: alarmRate(scores, model.output.threshold, model.output.higherIsWorse, healthy), healthyWindows, fromMs: trainedToMs, toMs };
    } finally {
      await session.release();
    }
  }
}

/** The evaluation's minimum healthy windows to judge a machine at all (`THRESHOLDS.minHealthyWindows`). */
const OUT_OF_SAMPLE_MIN_WINDOWS = 24;

/**
 * The pilot's own recall over its training windows, with the evaluation's definition
 * (`labelledPerformance`), so that the pilot evaluated on its own data is measured against itself.
 */
function pilotRecall(
  parts: ReadonlyArray<{ rows: number; windowEndMs: Float64Array; failures: number[] }>,
  scores: Float32Array,
  output: { higherIsWorse: boolean; threshold: number },
  horizonMs: number,
  stepMs: number,
): PilotRecall | null {
  let failures = 0;
  let detected = 0;
  let at = 0;
  for (const part of parts) {
    const { oriented, alarms } = orientedAlarms(scores.subarray(at, at + part.rows), output.higherIsWorse, output.threshold);
    const performance = labelledPerformance(part.windowEndMs, alarms, oriented, part.failures, horizonMs, stepMs);
    if (performance) {
      failures += performance.failures;
      detected += performance.detected;
    }
    at += part.rows;
  }
  return failures ? { failures, detected } : null;
}
