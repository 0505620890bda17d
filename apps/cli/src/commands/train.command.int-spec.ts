import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DAY_MS, Series } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { TelemetryService } from '@fleetgate/telemetry';
import { applyEnv, isolatedEnv, TestEnv } from '../../../../test/setup/harness';
import { service, withOperator } from '../cli-context';
import { runCommand } from '../cli-test.fixtures';
import { trainCommand } from './train.command';

const ASSET = 'PLT1-P200-0001';
/** A machine with a sensor that never moves in the period (like C-MAPSS sensor 1). */
const FLAT_ASSET = 'PLT1-P200-0002';
const START = Date.UTC(2026, 0, 5);
const DAYS = 4;
const INTERVAL_MS = 10 * 60_000;

function signal(level: number, amplitude: number): Series {
  const n = (DAYS * DAY_MS) / INTERVAL_MS;
  return {
    startMs: START,
    intervalMs: INTERVAL_MS,
    values: Float32Array.from({ length: n }, (_, i) => level + amplitude * Math.sin(i / 7) + 0.1 * Math.cos(i * 1.3)),
  };
}

/** `train` in-process on the real database: the look-back period is --lookback; --window still works and says so. */
describe('train CLI command (on the database)', () => {
  let env: TestEnv;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-train-'));

  const cli = (...args: string[]) => runCommand(trainCommand, ['train', '--machine', ASSET, '--out', out, '--epochs', '1', ...args]);
  const manifest = () => JSON.parse(fs.readFileSync(path.join(out, 'fleetgate.model.json'), 'utf8'));

  beforeAll(async () => {
    env = isolatedEnv();
    applyEnv(env);
    await withOperator(async (app) => {
      const [machine] = await service(app, FleetService).ensureMachines(
        [{ assetId: ASSET, site: 'PLT1', machineModel: 'P200', manufacturer: 'Aquaron', commissionedAt: '2022-03-01', criticality: 'high', rawTags: ['vib1'] }],
        'test',
      );
      const telemetry = service(app, TelemetryService);
      await telemetry.writeSeries(machine.id, { vibration_rms: signal(4, 0.5), bearing_temp: signal(60, 3) }, 1);
      await telemetry.addEvents(machine.id, [{ ts: START + 3 * DAY_MS, kind: 'maintenance', component: '', source: 'test' }]);
      const [flat] = await service(app, FleetService).ensureMachines(
        [
          {
            assetId: FLAT_ASSET,
            site: 'PLT1',
            machineModel: 'P200',
            manufacturer: 'Aquaron',
            commissionedAt: '2022-03-01',
            criticality: 'high',
            rawTags: ['vib1'],
          },
        ],
        'test',
      );
      const constant: Series = { ...signal(0, 0), values: signal(0, 0).values.fill(518.67) };
      await telemetry.writeSeries(flat.id, { vibration_rms: signal(4, 0.5), speed: constant }, 1);
    });
  }, 60_000);
  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('trains on the last --lookback of the data, leaving out the 12 h after a maintenance', async () => {
    const r = await cli('--lookback', '2d', '--task', 'anomaly-score', '--json');
    expect(r.stderr).toBe('');
    // 6 h windows every hour over the last 2 days end at +6 h … +48 h (43); the maintenance at +24 h
    // unsettles the windows ending +25 h … +41 h (17).
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 43 - 17, positives: 0, features: 10 });
    expect(manifest().training).toMatchObject({
      machineIds: [ASSET],
      from: new Date(START + 2 * DAY_MS).toISOString(),
      to: new Date(START + DAYS * DAY_MS).toISOString(),
    });
    expect(manifest().input).toEqual({ kind: 'features', window: '6h', step: '1h', aggregations: ['mean', 'std', 'min', 'max', 'slope'], minCoverage: 0.8 });
  });

  it('still takes --window, warning once on stderr and keeping the --json output clean', async () => {
    const r = await cli('--window', '2d', '--task', 'anomaly-score', '--json');
    expect(r.stderr).toBe('warning: --window is deprecated; use --lookback\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 26 });
  });

  it('refuses --lookback with --from/--to, and a failure model without a labelled failure, as bad input', async () => {
    await expect(cli('--lookback', '2d', '--from', '2026-01-05', '--to', '2026-01-06', '--task', 'anomaly-score')).rejects.toMatchObject({
      exitCode: 2,
      message: 'give either --lookback or --from/--to, not both',
    });
    await expect(cli('--lookback', '2d', '--task', 'failure-probability')).rejects.toMatchObject({
      exitCode: 2,
      message: `no labelled failure of ${ASSET} in or within 7d after the period: a failure-probability model needs one (import events, or use --task anomaly-score)`,
    });
  });

  it('refuses a period beyond 1970–2100 or longer than the maximum look-back (exit 2, naming the flag)', async () => {
    await expect(cli('--from', '0001-01-01', '--to', '9999-12-31', '--task', 'anomaly-score')).rejects.toMatchObject({
      exitCode: 2,
      message: '--from is not an ISO-8601 date or date-time between 1970 and 2100: "0001-01-01"',
    });
    await expect(cli('--from', '1826-01-01', '--to', '2026-01-01', '--task', 'anomaly-score')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^--from is not/),
    });
    await expect(cli('--from', '1976-01-01', '--to', '2026-01-01', '--task', 'anomaly-score')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^--from: the period spans 18263 days; at most 730 days/),
    });
    await expect(cli('--lookback', '1000d', '--task', 'anomaly-score')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^--lookback: the period spans 1000 days/),
    });
  });

  describe('several training machines', () => {
    /** Same model and age band as the pilot (P200, 0-5y), and another segment (X5, 15-20y at the end of the period). */
    const SAME_SEGMENT = 'PLT2-P200-0004';
    const OTHER_SEGMENT = 'PLT2-X5-0003';
    const fleetCli = (...args: string[]) =>
      runCommand(trainCommand, ['train', '--out', out, '--epochs', '1', '--lookback', '2d', '--task', 'anomaly-score', ...args]);

    beforeAll(async () => {
      await withOperator(async (app) => {
        const fleet = service(app, FleetService);
        const telemetry = service(app, TelemetryService);
        const machines = await fleet.ensureMachines(
          [
            {
              assetId: SAME_SEGMENT,
              site: 'PLT2',
              machineModel: 'P200',
              manufacturer: 'Aquaron',
              commissionedAt: '2023-06-01',
              criticality: 'high',
              rawTags: ['vib1'],
            },
            {
              assetId: OTHER_SEGMENT,
              site: 'PLT2',
              machineModel: 'X5',
              manufacturer: 'Aquaron',
              commissionedAt: '2010-06-01',
              criticality: 'low',
              rawTags: ['vib1'],
            },
          ],
          'test',
        );
        await telemetry.writeSeries(machines[0].id, { vibration_rms: signal(4.5, 0.4), bearing_temp: signal(62, 3) }, 1);
        await telemetry.writeSeries(machines[1].id, { vibration_rms: signal(5, 0.6), bearing_temp: signal(66, 2) }, 1);
      });
    }, 60_000);

    it('trains one model on three machines and records every one of them, the pilot first', async () => {
      const r = await fleetCli('--machines', `${ASSET},${SAME_SEGMENT},${OTHER_SEGMENT}`, '--json');
      // The pilot's 43 windows less the 17 its maintenance unsettles, and 43 on each of the others.
      expect(JSON.parse(r.stdout)).toMatchObject({ machineIds: [ASSET, SAME_SEGMENT, OTHER_SEGMENT], rows: 26 + 43 + 43, features: 10 });
      expect(manifest().training).toMatchObject({
        machineIds: [ASSET, SAME_SEGMENT, OTHER_SEGMENT],
        metadata: {
          trainingMachines: {
            pilot: ASSET,
            windows: [
              { assetId: ASSET, rows: 26, positives: 0 },
              { assetId: SAME_SEGMENT, rows: 43, positives: 0 },
              { assetId: OTHER_SEGMENT, rows: 43, positives: 0 },
            ],
          },
        },
      });
      expect((await fleetCli('--machines', `${ASSET},${SAME_SEGMENT},${OTHER_SEGMENT}`)).stdout).toContain(
        `training machines (3; the pilot first): ${ASSET}, ${SAME_SEGMENT}, ${OTHER_SEGMENT}`,
      );
    });

    it('draws K machines per machine model × age band with --sample-per-segment, among machines with the data, the same for a seed', async () => {
      const r = await fleetCli('--machine', ASSET, '--sample-per-segment', '1', '--seed', '3', '--json');
      // The flat machine lacks bearing_temp, so each segment offers one machine.
      expect(JSON.parse(r.stdout).machineIds).toEqual([ASSET, SAME_SEGMENT, OTHER_SEGMENT]);
      expect(manifest().training.metadata.trainingMachines.sample).toEqual({
        perSegment: 1,
        seed: 3,
        segmentation: ['machineModel', 'ageBand'],
        segments: [
          { segment: 'machineModel=P200 ageBand=0-5y', candidates: 1, drawn: [SAME_SEGMENT] },
          { segment: 'machineModel=X5 ageBand=15-20y', candidates: 1, drawn: [OTHER_SEGMENT] },
        ],
      });
    });

    it('refuses contradictory or bad selections with exit code 2, naming the flag', async () => {
      const refused = (message: string | RegExp, ...args: string[]) =>
        expect(fleetCli(...args)).rejects.toMatchObject({ exitCode: 2, message: typeof message === 'string' ? message : expect.stringMatching(message) });
      await refused(/^give the training machine\(s\)/);
      await refused(/^give either --machine <pilot> or --machines/, '--machine', ASSET, '--machines', `${ASSET},${SAME_SEGMENT}`);
      await refused(/^--sample-per-segment draws the training machines itself/, '--machines', `${ASSET},${SAME_SEGMENT}`, '--sample-per-segment', '2');
      await refused(
        '--sample-per-segment must be a whole number of machines per segment, at least 1, got "0"',
        '--machine',
        ASSET,
        '--sample-per-segment',
        '0',
      );
      await refused(/^--sample-per-segment must be/, '--machine', ASSET, '--sample-per-segment', '1.5');
      await refused(`--machines: ${SAME_SEGMENT} is listed twice`, '--machines', `${ASSET},${SAME_SEGMENT},${SAME_SEGMENT}`);
      await refused(/^--machines: machine PLT9-NOPE-0001 is not in the fleet/, '--machines', `${ASSET},PLT9-NOPE-0001`);
      await refused(/^--machines: machine PLT9-NOPE-0001 is not in the fleet/, '--machines', `PLT9-NOPE-0001,${ASSET}`);
      await refused(
        `--machines: machine ${FLAT_ASSET} has no data for bearing_temp in the training period (the pilot's signals)`,
        '--machines',
        `${ASSET},${FLAT_ASSET}`,
      );
    });
  });

  describe('signals flat in the training period', () => {
    const flatCli = (...args: string[]) =>
      runCommand(trainCommand, ['train', '--machine', FLAT_ASSET, '--out', out, '--epochs', '1', '--lookback', '2d', '--task', 'anomaly-score', ...args]);

    it('leaves them out by default: a warning on stderr, the list in --json and in the manifest', async () => {
      const r = await flatCli('--json');
      expect(r.stderr).toBe(
        'warning: left out 1 signal(s) that carry no information in the training period: speed (flat: constant at 518.67 in the training period) — keep them with --keep-flat-signals\n',
      );
      const json = JSON.parse(r.stdout);
      expect(json).toMatchObject({
        signals: ['vibration_rms'],
        features: 5,
        leftOutSignals: [{ signal: 'speed', reason: 'flat: constant at 518.67 in the training period' }],
      });
      expect(manifest().signals).toEqual(['vibration_rms']);
      expect(manifest().training.metadata.leftOutSignals).toEqual([{ signal: 'speed', reason: 'flat: constant at 518.67 in the training period' }]);
    });

    it('says so in the human output too', async () => {
      const r = await flatCli();
      expect(r.stdout).toContain('left out (flat in the training period): speed');
    });

    it('keeps them with --keep-flat-signals, still warning', async () => {
      const r = await flatCli('--keep-flat-signals', '--json');
      expect(r.stderr).toBe('warning: kept 1 flat signal(s) (--keep-flat-signals): speed (constant at 518.67 in the training period)\n');
      expect(JSON.parse(r.stdout)).toMatchObject({ signals: ['speed', 'vibration_rms'], features: 10, leftOutSignals: [] });
      expect(manifest().signals).toEqual(['speed', 'vibration_rms']);
      expect(manifest().training.metadata.keptFlatSignals).toEqual([{ signal: 'speed', reason: 'constant at 518.67 in the training period' }]);
    });

    it('refuses --signals that are all flat with exit code 2, naming them and the flag', async () => {
      await expect(flatCli('--signals', 'speed')).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(/every signal is flat in the training period \(speed\).*--keep-flat-signals/),
      });
    });
  });
});
