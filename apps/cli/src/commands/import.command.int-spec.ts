import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { FleetService } from '@fleetgate/fleet';
import { TelemetryService } from '@fleetgate/telemetry';
import { applyEnv, isolatedEnv, TestEnv } from '../../../../test/setup/harness';
import { reportError, service, withOperator } from '../cli-context';
import { runCommand } from '../cli-test.fixtures';
import { fleetCommand } from './fleet.command';
import { importCommand } from './import.command';

const ASSET = 'PLT1-P200-0001';
const FLEET_HEADER = 'asset_id,site,line,machine_model,manufacturer,commissioned_at,criticality,raw_tags';

/** One command as `fleetgate` runs it: its output and the exit code main() would return. */
async function cli(register: (p: Command) => void, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await runCommand(register, argv)) };
  } catch (error) {
    let stderr = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      return { code: reportError(error, false), stdout: '', stderr };
    } finally {
      spy.mockRestore();
    }
  }
}

/** Machines, stored samples and events: what a refused import must leave as it was. */
async function counts(): Promise<{ machines: number; samples: number; events: number }> {
  return withOperator(async (app) => {
    const fleet = service(app, FleetService);
    const machine = await fleet.findByAssetId(ASSET);
    const telemetry = service(app, TelemetryService);
    const samples = machine ? (await telemetry.seriesInfo(machine.id)).reduce((a, s) => a + s.sampleCount, 0) : 0;
    const events = machine ? (await telemetry.events(machine.id)).length : 0;
    return { machines: await fleet.countMachines(), samples, events };
  });
}

describe('import and fleet import CLI: refused rows and exit codes (on the database)', () => {
  let env: TestEnv;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-import-cli-'));
  const file = (name: string, lines: string[]): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, lines.join('\n'));
    return p;
  };

  beforeAll(async () => {
    env = isolatedEnv();
    applyEnv(env);
    await withOperator(async () => undefined); // migrates the fresh schema
  }, 60_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('fleet import: every row refused → exit 2 with the reasons counted and each line listed, no machine written', async () => {
    const bad = file('bad-fleet.csv', [
      FLEET_HEADER,
      `${ASSET},PLT1,L1,P200,Aquaron,2022-03-01,urgent,P200_RPM|P200_BRG_TEMP_F`,
      'PLT1-P200-0002,PLT1,L1,P200,Aquaron,2022-03-01,urgent,P200_RPM,extra',
    ]);
    const r = await cli(fleetCommand, ['fleet', 'import', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: fleet file refused, nothing was written: all 2 row\(s\) refused — /);
    expect(r.stderr).toMatch(/\n {2}line 2 criticality: /);
    expect(r.stderr).toContain('\n  line 3: expected 8 columns, found 9');
    expect((await counts()).machines).toBe(0);

    const good = file('fleet.csv', [FLEET_HEADER, `${ASSET},PLT1,L1,P200,Aquaron,2022-03-01,high,P200_RPM|P200_BRG_TEMP_F`]);
    expect(await cli(fleetCommand, ['fleet', 'import', good])).toMatchObject({ code: 0, stdout: expect.stringContaining('imported 1 machine(s)') });
  }, 60_000);

  it('import csv: a file of decimal-comma rows → exit 2 naming each line; a partial file → exit 0 saying how many rows were refused', async () => {
    const before = await counts();
    const comma = file('comma.csv', ['timestamp,P200_RPM,P200_BRG_TEMP_F', '2026-04-01T00:00:00Z,1450,180,5', '2026-04-01T00:01:00Z,1451,181,5']);
    const refused = await cli(importCommand, ['import', 'csv', comma, '--format', 'wide', '--machine', ASSET]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error: cannot import comma.csv: every row was refused (2 row(s) read, 2 rejection(s)); nothing was written');
    expect(refused.stderr).toContain('\n  line 2: 4 cells, header has 3 — a decimal comma? quote the value or use a point\n');
    expect(refused.stderr).toContain('\n  line 3: 4 cells, header has 3 — a decimal comma? quote the value or use a point\n');
    expect(await counts()).toEqual(before);

    const partial = file('partial.csv', [
      'timestamp,P200_RPM,P200_BRG_TEMP_F',
      '2026-04-01T00:00:00Z,1450,212',
      '2026-04-01T00:01:00Z,1451,212,5',
      '2026-04-01T00:02:00Z,1452,212',
      '2026-04-01T00:03:00Z,1453,212',
    ]);
    const r = await cli(importCommand, ['import', 'csv', partial, '--format', 'wide', '--machine', ASSET]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('partial.csv: 4 row(s) read, 1 refused, 1 machine(s), 6 sample(s) written');
    expect(r.stdout).toContain('\n  line 3: 4 cells, header has 3 — a decimal comma? quote the value or use a point');
    expect((await counts()).samples - before.samples).toBe(6);
  }, 60_000);

  it('import events: every row refused → exit 2, no event written', async () => {
    const bad = file('events.csv', ['asset_id,timestamp,kind,component', 'NOPE-1,2026-04-04T00:00:00Z,failure,seal', `${ASSET},soon,failure,seal`]);
    const r = await cli(importCommand, ['import', 'events', bad, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('every row was refused (2 row(s) read, 2 rejection(s))');
    expect((await counts()).events).toBe(0);
  }, 60_000);
});
