import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import { DAY_MS } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { buildMlpOnnx } from '@fleetgate/inference';
import { IngestService } from '@fleetgate/telemetry';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, ok, RunView, waitForRun } from './evaluation-api.util';

/**
 * A model exported elsewhere — ONNX input `x`, output `risk`, as Python onnx, PyTorch or
 * sklearn-onnx name theirs — registered over the multipart upload and evaluated for real: the
 * api in process, the worker's module in process on the same database and Redis (real BullMQ
 * jobs, real onnxruntime, telemetry read back from the store).
 */
describe('a model whose input is not named "features" (e2e)', () => {
  const assetId = 'PLT1-P200-0301';
  const t0 = Date.UTC(2026, 0, 1);
  const days = 4;
  let env: TestEnv;
  let api: TestApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    const [machine] = await api.app
      .get(FleetService)
      .ensureMachines(
        [{ assetId, site: 'PLT1', machineModel: 'P200', manufacturer: 'Acme', commissionedAt: '2020-01-01', criticality: 'low', rawTags: ['vib1', 'brg_t'] }],
        'test',
      );
    const n = days * 1440;
    // Vibration around 2 mm/s and bearing temperature around 60 °C, every minute.
    const vib1 = new Float32Array(n).map((_, i) => 2 + 0.3 * Math.sin(i / 30));
    const brg = new Float32Array(n).map((_, i) => 60 + 2 * Math.sin(i / 50));
    await api.app.get(IngestService).ingestMachineSeries(machine, {
      vib1: { startMs: t0, intervalMs: 60_000, values: vib1 },
      brg_t: { startMs: t0, intervalMs: 60_000, values: brg },
    });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('registers (profiled from its training data) and evaluates to a verdict, scoring with its own input and output', async () => {
    // risk = the window's mean vibration: what the evaluation reads back is checkable by hand.
    const onnx = buildMlpOnnx({
      inputSize: 4,
      layers: [{ weights: Float32Array.of(1, 0, 0, 0), bias: Float32Array.of(0), activation: 'none' }],
      inputName: 'x',
      outputName: 'risk',
      producerName: 'elsewhere',
    });
    const manifest = {
      name: 'vibration-level',
      task: 'anomaly-score',
      signals: ['vibration_rms', 'bearing_temp'],
      input: { kind: 'features', window: '6h', step: '1h', aggregations: ['mean', 'std'] },
      output: { name: 'risk', higherIsWorse: true, threshold: 10 },
      training: { machineIds: [assetId], from: new Date(t0).toISOString(), to: new Date(t0 + 2 * DAY_MS).toISOString() },
    };
    const form = new FormData();
    form.append('model', new Blob([onnx]), 'model.onnx');
    form.append('manifest', JSON.stringify(manifest));
    const res = await fetch(`${api.url}/api/models/upload`, { method: 'POST', headers: { authorization: `Bearer ${api.tokens.mle}` }, body: form });
    const version = (await res.json()) as { id: string; inputName: string; outputName: string; profile: { status: string; windows: { healthy: number } } };
    expect(res.status).toBe(201);
    expect(version).toMatchObject({ inputName: 'x', outputName: 'risk', profile: { status: 'computed' } });
    expect(version.profile.windows.healthy).toBeGreaterThan(40);

    const started = await ok<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', {
      modelVersionId: version.id,
      selection: { assetIds: [assetId] },
      lookback: '2d',
    });
    const run = await waitForRun(api.url, api.tokens.rel, started.id, { timeoutMs: 120_000 });
    expect(run.status).toBe('completed');
    const [result] = await allMachineResults(api.url, api.tokens.rel, run.id);
    expect(result).toMatchObject({ assetId, status: 'done', error: null });
    expect(result.verdict).not.toBe('insufficient-data');
    const assessment = result.result as unknown as {
      coverage: { missingSignals: string[]; windowsUsable: number };
      output: { medianScore: number; alarmRate: number };
    };
    expect(assessment.coverage.missingSignals).toEqual([]);
    expect(assessment.coverage.windowsUsable).toBeGreaterThan(40);
    // The median of 6-hour mean vibrations of 2 + 0.3·sin(t/30 min): 2 within a few hundredths.
    expect(assessment.output.medianScore).toBeCloseTo(2, 1);
    expect(assessment.output.alarmRate).toBe(0);
  }, 180_000);
});
