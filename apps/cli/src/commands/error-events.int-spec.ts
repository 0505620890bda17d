import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { Test } from '@nestjs/testing';
import { AuditModule } from '@fleetgate/audit';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { EvaluationWorkerModule, MachineEvaluator } from '@fleetgate/evaluation';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { IngestService, TelemetryService } from '@fleetgate/telemetry';
import { QueueModule } from '@fleetgate/queue';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { runCommand } from '../cli-test.fixtures';
import { evaluateCommand } from './evaluate.command';
import { importCommand } from './import.command';

jest.setTimeout(120_000);

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/models/gemm-sigmoid');
const T0 = Date.UTC(2026, 0, 1);
const DAYS = 4;
/** Mid-period, on the hour, where both machines get their event. */
const EVENT_MS = T0 + 2 * DAY_MS + 12 * HOUR_MS;
const iso = (ms: number) => new Date(ms).toISOString();

interface MachineResult {
  assetId: string;
  status: string;
  result: {
    coverage: { windowsUsable: number; healthyWindows: number };
    context: { errorEvents: number; errorEventsInAlarmWindows: number };
    value: { failures: number; leadTimesHours: number[]; falseAlarms: number; machineHours: number };
  };
}

/**
 * Machine error logs (Azure's errorN records, PLC alarms) as events of kind `error`: imported
 * with `import events`, stored with their code, never a label. Two machines with the same data:
 * ERR logs error events mid-period, MNT has a maintenance at the same moment. The evaluation
 * counts every window of ERR healthy, and leaves out MNT's windows of the settling time.
 */
describe('error events: imported, counted per machine, never shaping healthy windows', () => {
  let api: TestApi;
  let dir: string;
  let err: MachineEntity;
  let mnt: MachineEntity;
  let versionId: string;

  beforeAll(async () => {
    api = await startApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-errors-'));
    const tags = ['vib1', 'brg_t', 'amps', 'press'];
    [err, mnt] = await api.app.get(FleetService).ensureMachines(
      ['PLT1-P200-0301', 'PLT1-P200-0302'].map((assetId) => ({ assetId, site: 'PLT1', machineModel: 'P200', ageYears: 5, rawTags: tags })),
      'test',
    );
    const n = DAYS * 1440;
    const wave = (base: number, amp: number) => new Float32Array(n).map((_, i) => base + amp * Math.sin(i / 45));
    const series = { vib1: wave(2, 0.3), brg_t: wave(60, 2), amps: wave(100, 5), press: wave(5, 0.2) };
    for (const m of [err, mnt]) {
      await api.app
        .get(IngestService)
        .ingestMachineSeries(m, Object.fromEntries(Object.entries(series).map(([tag, values]) => [tag, { startMs: T0, intervalMs: 60_000, values }])));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'fleetgate.model.json'), 'utf8'));
    const names = (manifest.signals as string[]).flatMap((s) => (manifest.input.aggregations as string[]).map((a) => `${s}.${a}`));
    const profile = { features: names.map((name, i) => ({ name, sample: [i, i + 1, i + 2, i + 3] })) };
    const onnxBase64 = fs.readFileSync(path.join(FIXTURE, 'model.onnx')).toString('base64');
    const res = await request(api.url).post('/api/models/register').set('authorization', `Bearer ${api.tokens.mle}`).send({ manifest, onnxBase64, profile });
    if (res.status >= 300) throw new Error(`register → ${res.status}: ${res.text}`);
    versionId = res.body.id;
  });
  afterAll(async () => {
    await api?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports error events with their code, refusing an error without one and an unknown kind by line', async () => {
    const file = path.join(dir, 'events.csv');
    fs.writeFileSync(
      file,
      [
        'asset_id,timestamp,kind,component,code',
        `${err.assetId},${iso(EVENT_MS)},error,,error3`,
        `${err.assetId},${iso(EVENT_MS)},error,,error5`,
        `${err.assetId},${iso(EVENT_MS)},error,,error3`,
        `${err.assetId},${iso(T0 + 10 * DAY_MS)},error,,error1`,
        `${mnt.assetId},${iso(EVENT_MS)},maintenance,comp2,`,
        `${err.assetId},${iso(T0 + DAY_MS)},error,,`,
        `${err.assetId},${iso(T0 + DAY_MS)},alarm,,E104`,
      ].join('\n'),
    );
    const s = JSON.parse((await runCommand(importCommand, ['import', 'events', file, '--json'])).stdout);
    expect(s).toMatchObject({ rowsRead: 7, eventsWritten: 4, eventsDuplicate: 1, rejected: 2 });
    expect(s.rejections).toEqual([
      { line: 7, column: 'code', reason: 'an error event needs its code (e.g. error3, E104)' },
      { line: 8, column: 'kind', reason: 'kind must be failure, maintenance, error, got "alarm"' },
    ]);

    const telemetry = api.app.get(TelemetryService);
    expect((await telemetry.events(err.id)).map((e) => [e.kind, e.code])).toEqual([
      ['error', 'error3'],
      ['error', 'error5'],
      ['error', 'error1'],
    ]);
    // The labelling read — what healthy windows are built from — has no error event in it.
    expect(await telemetry.labelEvents(err.id)).toEqual([]);
    expect((await telemetry.labelEvents(mnt.id)).map((e) => [e.kind, e.component, e.ts])).toEqual([['maintenance', 'comp2', EVENT_MS]]);
  });

  it('keeps every window around the error events healthy, while those after the maintenance are not, and counts the errors', async () => {
    const started = await request(api.url)
      .post('/api/evaluations')
      .set('authorization', `Bearer ${api.tokens.rel}`)
      .send({ modelVersionId: versionId, selection: { assetIds: [err.assetId, mnt.assetId] }, from: iso(T0), to: iso(T0 + DAYS * DAY_MS) })
      .expect(202);
    // The worker's evaluate-machine job, run in-process with the worker's modules on the same database and the real ONNX runtime.
    const worker = await Test.createTestingModule({
      imports: [ConfigModule, DbModule.forRoot({ migrate: false }), AuditModule, QueueModule.forRoot(), EvaluationWorkerModule],
    }).compile();
    const app = await worker.createNestApplication({ logger: false }).init();
    try {
      for (const m of [err, mnt]) await app.get(MachineEvaluator).evaluate(started.body.id, m.id, 1);
    } finally {
      await app.close();
    }

    const page = (await request(api.url).get(`/api/evaluations/${started.body.id}/machines`).set('authorization', `Bearer ${api.tokens.rel}`).expect(200)).body;
    const [e, m] = page.items as MachineResult[];
    expect([e.assetId, e.status, m.assetId, m.status]).toEqual([err.assetId, 'done', mnt.assetId, 'done']);
    // Four days of minute data, 6 h windows every hour: 91 windows, all usable on both machines.
    expect([e.result.coverage.windowsUsable, m.result.coverage.windowsUsable]).toEqual([91, 91]);
    expect(e.result.coverage.healthyWindows).toBe(91);
    // Maintenance at EVENT_MS settles for 12 h: the windows ending 1 h … 17 h after it overlap [EVENT_MS, EVENT_MS + 12 h).
    expect(m.result.coverage.healthyWindows).toBe(91 - 17);
    // Two error events in the period (the one on day 10 is outside it); none on the maintained machine.
    expect(e.result.context.errorEvents).toBe(2);
    expect(e.result.context.errorEventsInAlarmWindows).toBeLessThanOrEqual(2);
    expect(m.result.context).toEqual({ errorEvents: 0, errorEventsInAlarmWindows: 0 });
    // The value counts the gate prices: no labelled failure, so every alarm episode is a false alarm; hours = usable windows × 1 h step.
    expect(e.result.value).toMatchObject({ failures: 0, leadTimesHours: [], machineHours: 91 });

    // The CLI's per-machine view shows the count.
    process.env.FLEETGATE_URL = api.url;
    process.env.FLEETGATE_TOKEN = api.tokens.rel;
    const out = (await runCommand(evaluateCommand, ['evaluations', 'machines', started.body.id])).stdout;
    const row = out.split('\n').find((l) => l.startsWith(err.assetId))!;
    expect(row).toMatch(new RegExp(`91/91\\s+2 \\(${e.result.context.errorEventsInAlarmWindows}\\)`));
    expect(out.split('\n').find((l) => l.startsWith(mnt.assetId))).toMatch(/74\/91\s+0 \(0\)/);
  });
});
