import { INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assessMachine, hasHourlyData, hourlyRefusal, hourlyWindows, ProfileView, profileView, WORKER_SESSION_OPTIONS } from '@fleetgate/evaluation';
import { FleetService } from '@fleetgate/fleet';
import { buildFeatureWindows, FeatureWindows, InferenceSessionCache, runBatched } from '@fleetgate/inference';
import { ModelReading, ModelVersionService } from '@fleetgate/registry';
import { TelemetryService } from '@fleetgate/telemetry';

export interface ReadResult {
  machinesRead: number;
  signals: number;
  days: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesPerRead: number;
}

export interface KernelResult {
  machines: number;
  machinesScored: number;
  windows: number;
  /** Sum over machines of the timed compute only (features + inference + assessment). */
  seconds: number;
  featuresSeconds: number;
  inferenceSeconds: number;
  assessSeconds: number;
  /** Untimed: reading each machine's series and events from the store beforehand. */
  loadSeconds: number;
  /** Machines read from their hourly rollups (as the worker reads them), the rest from samples. */
  machinesFromRollups: number;
  verdicts: Record<string, number>;
}

export interface LoadedModel {
  sha256: string;
  inputName: string;
  outputName: string;
  model: ModelReading;
  profile: ProfileView;
  onnxPath: string;
}

const elapsed = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

/** The registered version as the worker reads it: the registry's reading, and the evaluation's view of its profile. */
export async function loadRegisteredModel(app: INestApplicationContext, versionId: string, modelDir: string): Promise<LoadedModel> {
  const v = await app.get(ModelVersionService).load(versionId);
  if (!v.profile) throw new Error(`model version ${versionId} has no profile`);
  return {
    sha256: v.sha256,
    inputName: v.inputName,
    outputName: v.output.name,
    onnxPath: path.join(modelDir, 'model.onnx'),
    model: v,
    profile: profileView(v.profile),
  };
}

/** Step 2: TelemetryService.readMachine of one machine's whole window, median over `count` machines (after one warm-up read). */
export async function benchRead(app: INestApplicationContext, signals: string[], fromMs: number, toMs: number, count = 10): Promise<ReadResult> {
  const machines = await app.get(FleetService).listMachines();
  const telemetry = app.get(TelemetryService);
  const stride = Math.max(1, Math.floor(machines.length / (count + 1)));
  const picked = Array.from({ length: Math.min(count + 1, machines.length) }, (_, i) => machines[(i * stride) % machines.length]);
  const times: number[] = [];
  let samples = 0;
  for (const [i, m] of picked.entries()) {
    const t0 = process.hrtime.bigint();
    const series = await telemetry.readMachine(m.id, signals, fromMs, toMs);
    const ms = elapsed(t0) * 1000;
    samples = Object.values(series).reduce((n, s) => n + s.values.length, 0);
    if (i > 0 || picked.length === 1) times.push(ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    machinesRead: times.length,
    signals: signals.length,
    days: (toMs - fromMs) / 86_400_000,
    medianMs: sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    samplesPerRead: samples,
  };
}

/**
 * Step 4: the worker's per-machine compute without the platform around it. Each machine's
 * rollups (or samples, where the worker would read samples) and events are read first (not
 * timed; one machine in memory at a time, so memory stays bounded at any fleet size), then only
 * the feature windows → runBatched → assessMachine are timed, and the times are summed over
 * the fleet.
 */
export async function benchKernel(app: INestApplicationContext, loaded: LoadedModel, fromMs: number, toMs: number): Promise<KernelResult> {
  const machines = await app.get(FleetService).listMachines();
  const telemetry = app.get(TelemetryService);
  const sessions = new InferenceSessionCache({ maxEntries: 1, sessionOptions: WORKER_SESSION_OPTIONS });
  const onnx = fs.readFileSync(loaded.onnxPath);
  const signals = loaded.model.recipe.signals;
  const result: KernelResult = {
    machines: machines.length,
    machinesScored: 0,
    windows: 0,
    seconds: 0,
    featuresSeconds: 0,
    inferenceSeconds: 0,
    assessSeconds: 0,
    loadSeconds: 0,
    machinesFromRollups: 0,
    verdicts: {},
  };
  // Load the session outside the timings, as a warm worker has it cached.
  await sessions.useBySha256(
    loaded.sha256,
    async () => onnx,
    () => undefined,
  );
  for (const machine of machines) {
    const tLoad = process.hrtime.bigint();
    // The worker's choice: the rollups where they give the same figures, else the samples.
    const info = await telemetry.seriesInfo(machine.id);
    const byHour = hourlyRefusal(loaded.model.recipe, loaded.model.normalization.method, fromMs, toMs, info) === null;
    const hourly = byHour ? (await telemetry.readHourly(machine.id, signals, fromMs, toMs, { seriesInfo: info })).series : undefined;
    const series = byHour ? {} : await telemetry.readMachine(machine.id, signals, fromMs, toMs, { seriesInfo: info });
    if (byHour) result.machinesFromRollups++;
    const events = (await telemetry.labelEvents(machine.id, fromMs - loaded.model.horizonMs, toMs + loaded.model.horizonMs)).map((e) => ({
      ts: e.ts,
      kind: e.kind,
    }));
    result.loadSeconds += elapsed(tLoad);
    const missing = signals.filter((s) => (hourly ? !hasHourlyData(hourly[s]) : !series[s] || !hasData(series[s].values)));

    let windows: FeatureWindows | null = null;
    let scores = new Float32Array(0);
    if (missing.length === 0) {
      const t0 = process.hrtime.bigint();
      windows = hourly ? hourlyWindows(loaded.model.recipe, hourly) : buildFeatureWindows(loaded.model.recipe, series);
      result.featuresSeconds += elapsed(t0);
      const t1 = process.hrtime.bigint();
      const w = windows;
      if (w.rows > 0)
        scores = await sessions.useBySha256(
          loaded.sha256,
          async () => onnx,
          ({ session }) => runBatched(session, loaded.inputName, loaded.outputName, w.features, w.rows, w.cols),
        );
      result.inferenceSeconds += elapsed(t1);
      result.machinesScored++;
      result.windows += w.rows;
    }
    const t2 = process.hrtime.bigint();
    const assessment = assessMachine({
      model: loaded.model,
      profile: loaded.profile,
      series,
      ...(hourly ? { hourly } : {}),
      missingSignals: missing,
      events,
      windows,
      scores,
      fromMs,
      toMs,
      seedKey: machine.assetId,
    });
    result.assessSeconds += elapsed(t2);
    result.verdicts[assessment.verdict] = (result.verdicts[assessment.verdict] ?? 0) + 1;
  }
  result.seconds = result.featuresSeconds + result.inferenceSeconds + result.assessSeconds;
  await sessions.clear();
  return result;
}

function hasData(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) return true;
  return false;
}
