import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectAsync } from 'mqtt';
import { REDIS_URL } from '../setup/test-env';

const ROOT = path.resolve(__dirname, '../..');
const MQTT_URL = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';

async function brokerAnswers(): Promise<boolean> {
  try {
    await (await connectAsync(MQTT_URL, { connectTimeout: 3000, reconnectPeriod: 0, clientId: `fgtest-demo-probe-${process.pid}` }, false)).endAsync();
    return true;
  } catch {
    return false;
  }
}

/** The whole story, as a user runs it, in a fresh data directory on the embedded default. */
describe('npm run demo', () => {
  it('refuses the fleet-wide promotion, approves the validated scope, follows the advice for the rest, then scores the live data', async () => {
    const broker = await brokerAnswers();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-demo-'));
    const env: NodeJS.ProcessEnv = { ...process.env, FLEETGATE_DATA_DIR: dataDir, REDIS_URL, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const run = spawnSync('npm', ['run', '--silent', 'demo', '--', '--exit', '--machines', '100', '--days', '30'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 900_000,
    });
    const out = run.stdout;
    if (run.status !== 0) throw new Error(`demo exited ${run.status}\n${out}\n${run.stderr}`);

    const fleet = /request \S+ \((\d+) machines\): (PASS|FAIL) under policy default@1/.exec(out);
    expect(fleet).not.toBeNull();
    expect(fleet![1]).toBe('100');
    expect(fleet![2]).toBe('FAIL');
    // The pilot is the version's training machine: deployed with the scope, counted by no rule.
    expect(out).toMatch(/fail\s+in-envelope: \d+ of 99 evaluated scope machines generalize .*\(1 training machine\(s\) of the version not counted\)/);
    expect(out).toMatch(/approving it without waivers → 422/);

    const scoped = /validated scope: (\d+) of 100 machines/.exec(out);
    expect(scoped).not.toBeNull();
    const validated = Number(scoped![1]);
    expect(validated).toBeGreaterThan(0);
    expect(validated).toBeLessThan(100);
    // The scope is graded against the simulator's complete truth, with the planted kinds.
    const graded = /graded against the simulator's truth: precision (\d\.\d\d) \((\d+) of (\d+) in scope work\)/.exec(out);
    expect(graded).not.toBeNull();
    expect(Number(graded![3])).toBe(validated);
    expect(out).toMatch(/^ {2}multi-regime\s+\d+/m);
    // The same pilot against each machine's own baseline, side by side, each graded.
    const side = /per-machine-baseline: validated scope (\d+) of 100 machines\n\s+graded: precision (\d\.\d\d) \((\d+) of (\d+) in scope work\)/.exec(out);
    expect(side).not.toBeNull();
    expect(Number(side![4])).toBe(Number(side![1]));
    expect(out).toMatch(/\+ per-machine thresholds: validated scope \d+ of 100 machines\n\s+graded: precision/);
    // The validated-scope request deploys the validated machines and the pilot (a pilot keeps its model).
    expect(out).toMatch(new RegExp(`request \\S+ \\(${validated + 1} machines\\): (PASS|FAIL)`));
    expect(out).toMatch(/pass\s+in-envelope: (\d+) of \1 evaluated scope machines generalize/);
    expect(out).toMatch(/approved by rory/);
    // The deployment covers exactly the validated machines and the pilot.
    expect(out).toContain(`covered: ${validated + 1} of 100 machines`);
    expect(out).toMatch(/plant manager pam \(PLT1\) sees \d+ machines of PLT1,/);
    // The console's one-click links carry the token in the fragment only.
    expect(out).toMatch(/^console: http:\/\/127\.0\.0\.1:\d+\//m);
    expect(out).toMatch(/^ {2}pam {3}http:\/\/127\.0\.0\.1:\d+\/#token=\S+$/m);
    expect(out).not.toMatch(/\?token=/);

    // Adaptation advice for the machines left out, then the recommended variant through the gate: coverage grows.
    const leftOut = /^advice for run \S+: (\d+) machines left out/m.exec(out);
    expect(leftOut).not.toBeNull();
    expect(Number(leftOut![1])).toBe(99 - validated);
    expect(out).toMatch(/^ {2}per-machine-baseline\s+new-version\s+\+\d+ of \d+\s+recall/m);
    expect(out).toMatch(/^ {2}fleet-trained\s+new-version\s+\+\d+ of \d+ \(\d+ trained on\)/m);
    expect(out).toMatch(/^recommended: [\w+-]+$/m);
    expect(out).toMatch(/^ {2}machineModel=\S+\s+\+\s*\d+ of\s+\d+\s+recall/m);
    const grown = /^covered: (\d+) → (\d+) of 100 machines/m.exec(out);
    expect(grown).not.toBeNull();
    expect(Number(grown![1])).toBe(validated + 1);
    expect(Number(grown![2])).toBeGreaterThan(validated + 1);
    const covered = Number(grown![2]);

    // After the approval: live data over MQTT, scoring rounds, health changing.
    if (broker) {
      // A planted run-up on a covered machine raises an alarm before its failure.
      const caught = [...out.matchAll(/^planted run-up on (\S+) \([\w-]+, failure (\S+)\): alarm opened (\S+), [\d.]+ h before the failure$/gm)];
      expect(caught.length).toBeGreaterThanOrEqual(1);
      for (const [, , failure, opened] of caught) expect(Date.parse(opened)).toBeLessThan(Date.parse(failure));
      // The health table names the machines no deployment covers: every machine neither version was promoted to.
      const notCovered = /^not covered \((\d+)\): (.*)$/m.exec(out);
      expect(notCovered).not.toBeNull();
      expect(Number(notCovered![1])).toBe(100 - covered);
      expect(notCovered![2].split(', ')).toHaveLength(100 - covered);
      expect(out).toMatch(/^asset\s+site\s+line\s+state\s+score\s+threshold/m);
      expect(out).toMatch(/^100 machines: .*not-covered \d+/m);
    } else {
      expect(out).toContain(`no MQTT broker answers at ${MQTT_URL} (MQTT_URL): skipping live telemetry and scoring`);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 960_000);
});
