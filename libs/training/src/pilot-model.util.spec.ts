import { HOUR_MS, Series } from '@fleetgate/common';
import { healthyWindowMask, TimedEvent } from '@fleetgate/inference';
import { trainPilotModel } from './pilot-model.util';
import { normals } from './training-test-data.fixture';
import { TrainingErrorCode } from './training.exception';

jest.setTimeout(60_000);

// 96 h of two signals at 10-min samples: 6 h windows every hour end at 6 h, 7 h, … 96 h (91 windows).
const HOURS = 96;
const INTERVAL_MS = 10 * 60_000;
const N = (HOURS * HOUR_MS) / INTERVAL_MS;

function signal(level: number, amplitude: number, seed: number): Series {
  const noise = normals(N, seed);
  const values = Float32Array.from({ length: N }, (_, i) => level + amplitude * Math.sin((2 * Math.PI * i) / 144) + 0.2 * noise[i]);
  return { startMs: 0, intervalMs: INTERVAL_MS, values };
}

const series = { vibration_rms: signal(4, 0.5, 1), bearing_temp: signal(60, 3, 2) };
const signals = ['vibration_rms', 'bearing_temp'];
const quick = { signals, epochs: 2, seed: 7 };

describe('trainPilotModel', () => {
  it('trains an anomaly model only on the shared definition of healthy windows', async () => {
    // A maintenance at 48 h: windows overlapping [48 h, 60 h) (ends 49 h … 65 h, 17 windows) settle, not healthy.
    const events: TimedEvent[] = [{ ts: 48 * HOUR_MS, kind: 'maintenance' }];
    const model = await trainPilotModel(series, events, { ...quick, task: 'anomaly-score' });
    expect(model.windows).toEqual({ total: 91, complete: 91, skipped: 0 });
    expect(model.rows).toBe(91 - 17);
    const ends = Array.from({ length: 91 }, (_, w) => (w + 6) * HOUR_MS);
    expect(model.rows).toBe(healthyWindowMask(ends, 6 * HOUR_MS, events, model.horizonMs).reduce((a, v) => a + v, 0));
    expect(model.horizonMs).toBe(3 * 24 * HOUR_MS);
    expect(model.trainedRows).toBe(model.rows * 5);
    expect(model.envelope).toEqual({ copies: 4, levelShiftSigma: 1, spread: [0.5, 2] });
    expect(model).toMatchObject({ task: 'anomaly-score', trainer: 'autoencoder', cols: 10, positives: 0, epochs: 2, seed: 7 });
    expect(model.featureNames.slice(0, 5)).toEqual([
      'vibration_rms.mean',
      'vibration_rms.std',
      'vibration_rms.min',
      'vibration_rms.max',
      'vibration_rms.slope',
    ]);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.lossHistory).toHaveLength(2);
  });

  it('leaves out the horizon before a failure from an anomaly model', async () => {
    // A failure at 90 h with the 3-day default horizon: every window ending after 18 h touches [18 h, 102 h).
    const model = await trainPilotModel(series, [{ ts: 90 * HOUR_MS, kind: 'failure' }], { ...quick, task: 'anomaly-score', envelope: false });
    expect(model.rows).toBe(13); // ends 6 h … 18 h
    expect(model.trainedRows).toBe(13);
    expect(model.envelope).toBeNull();
  });

  it('labels failure-probability windows by a failure within the horizon', async () => {
    // Failure at 80 h, horizon 24 h: ends 57 h … 80 h are positive; ends 81 h … 86 h contain it and are dropped.
    const model = await trainPilotModel(series, [{ ts: 80 * HOUR_MS, kind: 'failure' }], { ...quick, task: 'failure-probability', horizonMs: 24 * HOUR_MS });
    expect(model).toMatchObject({ trainer: 'mlp', rows: 91 - 6, positives: 24, outputName: 'prob', threshold: 0.5, horizonMs: 24 * HOUR_MS });
  });

  it('refuses a failure-probability model without a labelled failure, naming the events', async () => {
    const call = trainPilotModel(series, [{ ts: 48 * HOUR_MS, kind: 'maintenance' }], { ...quick, task: 'failure-probability', horizonMs: 24 * HOUR_MS });
    await expect(call).rejects.toMatchObject({
      code: TrainingErrorCode.NoLabelledFailure,
      kind: 'invalid',
      details: [expect.objectContaining({ field: 'events' })],
    });
  });

  it('refuses fewer than 10 usable windows, with the counts', async () => {
    // A failure at 86 h with the 3-day horizon leaves the windows ending 6 h … 14 h.
    await expect(trainPilotModel(series, [{ ts: 86 * HOUR_MS, kind: 'failure' }], { ...quick, task: 'anomaly-score' })).rejects.toMatchObject({
      code: TrainingErrorCode.TooFewWindows,
      message: 'only 9 usable training windows (91 complete of 91); widen the period',
      details: [expect.objectContaining({ field: 'series' })],
    });
  });

  it('refuses a horizon on an anomaly model and a missing one on a failure model', async () => {
    await expect(trainPilotModel(series, [], { ...quick, task: 'anomaly-score', horizonMs: HOUR_MS })).rejects.toMatchObject({
      code: TrainingErrorCode.InvalidOptions,
      details: [expect.objectContaining({ field: 'horizonMs' })],
    });
    await expect(trainPilotModel(series, [{ ts: 80 * HOUR_MS, kind: 'failure' }], { ...quick, task: 'failure-probability' })).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'horizonMs' })],
    });
  });

  it('gives byte-identical ONNX for the same seed, and another model for another seed', async () => {
    const events: TimedEvent[] = [{ ts: 48 * HOUR_MS, kind: 'maintenance' }];
    const a = await trainPilotModel(series, events, { ...quick, task: 'anomaly-score' });
    const b = await trainPilotModel(series, events, { ...quick, task: 'anomaly-score' });
    const c = await trainPilotModel(series, events, { ...quick, seed: 8, task: 'anomaly-score' });
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(Buffer.from(a.onnx).equals(Buffer.from(c.onnx))).toBe(false);
  });

  describe('flat signals', () => {
    const constant: Series = { startMs: 0, intervalMs: INTERVAL_MS, values: new Float32Array(N).fill(518.67) };
    const withFlat = { ...series, cmapss_s1: constant };

    it('leaves a signal constant in the training period out of the model by default, and says why', async () => {
      const model = await trainPilotModel(withFlat, [], { ...quick, signals: [...signals, 'cmapss_s1'], task: 'anomaly-score' });
      expect(model.recipe.signals).toEqual(signals);
      expect(model.cols).toBe(10);
      expect(model.featureNames.some((f) => f.startsWith('cmapss_s1.'))).toBe(false);
      expect(model.leftOutSignals).toEqual([{ signal: 'cmapss_s1', reason: 'flat: constant at 518.67 in the training period' }]);
      expect(model.flatSignals.map((f) => f.signal)).toEqual(['cmapss_s1']);
    });

    it('keeps it with keepFlatSignals (and still reports it as flat)', async () => {
      const model = await trainPilotModel(withFlat, [], { ...quick, signals: [...signals, 'cmapss_s1'], task: 'anomaly-score', keepFlatSignals: true });
      expect(model.recipe.signals).toEqual([...signals, 'cmapss_s1']);
      expect(model.cols).toBe(15);
      expect(model.leftOutSignals).toEqual([]);
      expect(model.flatSignals.map((f) => f.signal)).toEqual(['cmapss_s1']);
    });

    it('refuses a model whose every signal is flat, naming the field and the signals', async () => {
      await expect(trainPilotModel({ cmapss_s1: constant }, [], { ...quick, signals: ['cmapss_s1'], task: 'anomaly-score' })).rejects.toMatchObject({
        code: TrainingErrorCode.OnlyFlatSignals,
        details: [{ field: 'signals', message: 'flat in the training period: cmapss_s1' }],
      });
    });
  });
});
