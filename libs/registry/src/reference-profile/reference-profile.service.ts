import { Injectable, Logger } from '@nestjs/common';
import { InferenceSession } from 'onnxruntime-node';
import { formatDuration } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { buildFeatureWindows, featureNames, healthyWindowMask, runBatched, signalLevels, unhealthyRanges } from '@fleetgate/inference';
import { labelledPerformance, orientedAlarms } from '@fleetgate/stats';
import { TelemetryService } from '@fleetgate/telemetry';
import { ModelManifest } from '../manifest/manifest.types';
import { ModelIoNames, readModel } from '../manifest/model-reading.util';
import { computeReferenceProfile } from './reference-profile.util';
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
    const { recipe, horizonMs, inputName, output } = readModel(manifest, io);
    const names = featureNames(recipe);

    const parts: Array<{ features: Float32Array; rows: number; healthy: Uint8Array; windowEndMs: Float64Array; failures: number[] }> = [];
    const levels = new Map<string, SignalProfile[]>(manifest.signals.map((s) => [s, []]));
    for (const assetId of machineIds) {
      const machine = await this.fleet.findByAssetId(assetId);
      if (!machine) return absent(`training machine ${assetId} is not in the fleet`);
      const series = await this.telemetry.readMachine(machine.id, manifest.signals, fromMs, toMs);
      const missing = manifest.signals.filter((s) => !series[s]);
      if (missing.length) return absent(`machine ${assetId} has no stored data for ${missing.join(', ')}`);
      let windows;
      try {
        windows = buildFeatureWindows(recipe, series);
      } catch (error) {
        return absent(`features of machine ${assetId} cannot be built: ${(error as Error).message}`);
      }
      // Failures and maintenance only: error events are context and never make a window unhealthy.
      const events = await this.telemetry.labelEvents(machine.id, fromMs - recipe.windowMs, toMs + horizonMs);
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
    });
    this.logger.debug({ msg: 'reference profile', model: manifest.name, windows: rows, healthy: profile.windows.healthy });
    return { status: 'computed', profile };
  }
}

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
