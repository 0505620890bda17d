import { HOUR_MS, Series } from '@fleetgate/common';
import { TimedEvent } from '@fleetgate/inference';
import { trainFleetModel, trainPilotModel } from './pilot-model.util';
import { normals } from './training-test-data.fixture';
import { poolLevels, sampleTrainingMachines, TrainingCandidate } from './training-machines.util';
import { TrainingErrorCode } from './training.exception';

jest.setTimeout(60_000);

// 4 machine models × 3 age bands, 5 machines in each segment but one (2 machines).
const candidates: TrainingCandidate[] = [];
for (const model of ['K10', 'P200', 'P300', 'X5'])
  for (const band of ['0-5y', '5-10y', '10-15y']) {
    const n = model === 'X5' && band === '10-15y' ? 2 : 5;
    for (let i = 0; i < n; i++) candidates.push({ assetId: `${model}-${band}-${i}`, segment: `machineModel=${model} ageBand=${band}` });
  }

describe('sampleTrainingMachines', () => {
  it('draws K machines from every segment (all of a smaller one), deterministically for a seed', () => {
    const a = sampleTrainingMachines(candidates, 3, 7);
    expect(a.segments).toHaveLength(12);
    for (const s of a.segments) {
      expect(s.drawn).toHaveLength(Math.min(3, s.candidates));
      for (const id of s.drawn) expect(candidates.find((c) => c.assetId === id)!.segment).toBe(s.segment);
    }
    expect(a.assetIds).toHaveLength(11 * 3 + 2);
    expect(new Set(a.assetIds).size).toBe(a.assetIds.length);
    // Same candidates in another order, same seed: the same machines.
    expect(sampleTrainingMachines([...candidates].reverse(), 3, 7)).toEqual(a);
    // Another seed draws other machines somewhere.
    expect(sampleTrainingMachines(candidates, 3, 8).assetIds).not.toEqual(a.assetIds);
  });

  it("keeps each segment's draw independent of the other segments' machines", () => {
    const a = sampleTrainingMachines(candidates, 2, 11);
    const fewer = sampleTrainingMachines(
      candidates.filter((c) => !c.segment.startsWith('machineModel=K10')),
      2,
      11,
    );
    const rest = (x: typeof a) => x.segments.filter((s) => !s.segment.startsWith('machineModel=K10'));
    expect(rest(fewer)).toEqual(rest(a));
  });

  it('refuses K < 1 and a non-integer seed, naming the option', () => {
    expect(() => sampleTrainingMachines(candidates, 0, 7)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'perSegment' })] }));
    expect(() => sampleTrainingMachines(candidates, 2, 0.5)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'seed' })] }));
  });
});

describe('poolLevels', () => {
  it('pools means and spreads with the between-machine spread, and returns one machine as it is', () => {
    expect(poolLevels([{ mean: 3, std: 0.7, hours: 10 }])).toEqual({ mean: 3, std: 0.7, hours: 10 });
    // Two machines of equal weight at 0 and 2, each σ 1: pooled mean 1, σ² = 1 + 1.
    const p = poolLevels([
      { mean: 0, std: 1, hours: 50 },
      { mean: 2, std: 1, hours: 50 },
    ]);
    expect(p.mean).toBeCloseTo(1, 12);
    expect(p.std).toBeCloseTo(Math.SQRT2, 12);
    expect(p.hours).toBe(100);
  });
});

describe('trainFleetModel', () => {
  const HOURS = 96;
  const INTERVAL_MS = 10 * 60_000;
  const N = (HOURS * HOUR_MS) / INTERVAL_MS;
  const signal = (level: number, seed: number): Series => {
    const noise = normals(N, seed);
    return {
      startMs: 0,
      intervalMs: INTERVAL_MS,
      values: Float32Array.from({ length: N }, (_, i) => level + Math.sin((2 * Math.PI * i) / 144) + 0.2 * noise[i]),
    };
  };
  const machine = (id: string, level: number, seed: number, events: TimedEvent[] = []) => ({
    id,
    series: { vibration_rms: signal(level, seed), bearing_temp: signal(10 * level, seed + 1) },
    events,
  });
  const quick = { signals: ['vibration_rms', 'bearing_temp'], epochs: 2, seed: 7, task: 'anomaly-score' as const };

  it('trains on every machine, counting each one, and one machine gives the pilot model byte for byte', async () => {
    const pilot = machine('A', 4, 1);
    const fleet = await trainFleetModel([pilot, machine('B', 5, 3), machine('C', 6, 5, [{ ts: 48 * HOUR_MS, kind: 'maintenance' }])], quick);
    expect(fleet.machines.map((m) => [m.id, m.rows])).toEqual([
      ['A', 91],
      ['B', 91],
      ['C', 91 - 17],
    ]);
    expect(fleet.rows).toBe(91 + 91 + 74);
    expect(fleet.windows).toEqual({ total: 273, complete: 273, skipped: 0 });
    expect(fleet.trainedRows).toBe(fleet.rows * 5);

    const alone = await trainFleetModel([pilot], quick);
    const single = await trainPilotModel(pilot.series, pilot.events, quick);
    expect(Buffer.from(alone.onnx).equals(Buffer.from(single.onnx))).toBe(true);
    expect(Buffer.from(fleet.onnx).equals(Buffer.from(single.onnx))).toBe(false);
  });

  it('refuses a machine given twice and a failure model without a failure on any machine', async () => {
    await expect(trainFleetModel([machine('A', 4, 1), machine('A', 5, 3)], quick)).rejects.toMatchObject({
      code: TrainingErrorCode.InvalidOptions,
      details: [expect.objectContaining({ field: 'machines' })],
    });
    await expect(
      trainFleetModel([machine('A', 4, 1), machine('B', 5, 3)], { ...quick, task: 'failure-probability', horizonMs: 24 * HOUR_MS }),
    ).rejects.toMatchObject({ code: TrainingErrorCode.NoLabelledFailure });
    // One machine's failure is enough: the other gives negatives only.
    const model = await trainFleetModel([machine('A', 4, 1), machine('B', 5, 3, [{ ts: 80 * HOUR_MS, kind: 'failure' }])], {
      ...quick,
      task: 'failure-probability',
      horizonMs: 24 * HOUR_MS,
    });
    expect(model.machines.map((m) => m.positives)).toEqual([0, 24]);
  });

  it('names the training machine without a valid baseline', async () => {
    // B's data stops after 6 h: too little for a 3-day baseline, while A has one.
    const short = machine('B', 5, 3);
    for (const s of Object.values(short.series)) s.values.fill(NaN, 36);
    const error = await trainFleetModel([machine('A', 4, 1), short], {
      ...quick,
      normalization: { method: 'per-machine-baseline', baselineMs: 72 * HOUR_MS },
    }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: TrainingErrorCode.NoValidBaseline });
    expect((error as Error).message).toMatch(/^training machine B has /);
  });
});
