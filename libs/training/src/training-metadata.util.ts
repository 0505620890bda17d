import { PilotModel } from './pilot-model.util';

/**
 * What a trained model's manifest records under `training.metadata`: how it was trained (trainer,
 * threshold quantile, epochs, seed, windows, operating envelope, left-out signals, final loss), the
 * pilot's baseline for a per-machine-baseline model, and each machine's training windows for a
 * model trained on several. `extra` is merged last (e.g. a stratified draw, or what asked for it).
 */
export function trainingMetadata(model: PilotModel, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const b = model.baseline;
  return {
    ...(b
      ? {
          baseline: {
            from: new Date(b.fromMs).toISOString(),
            to: new Date(b.toMs).toISOString(),
            signals: b.signals.map((s) => ({ signal: s.signal, level: s.level, spread: s.spread, hours: s.hours })),
          },
        }
      : {}),
    ...(model.machines.length > 1
      ? { trainingMachines: { pilot: model.machines[0].id, windows: model.machines.map((m) => ({ assetId: m.id, rows: m.rows, positives: m.positives })) } }
      : {}),
    trainer: model.trainer,
    ...(model.thresholdQuantile !== null ? { thresholdQuantile: model.thresholdQuantile } : {}),
    epochs: model.epochs,
    seed: model.seed,
    trainingWindows: model.rows,
    operatingEnvelope: model.envelope,
    leftOutSignals: model.leftOutSignals,
    positives: model.positives,
    skippedWindows: model.windows.skipped,
    finalLoss: model.lossHistory[model.lossHistory.length - 1],
    ...extra,
  };
}
