import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { CliError } from '../cli-context';
import { runCommand } from '../cli-test.fixtures';
import { auditCommand } from './audit.command';
import { proposePolicy } from '../../../api/src/gate/gate-test.fixtures';

/** `fleetgate audit verify [--against]` in-process against the real api. */
describe('audit verify (CLI via the api)', () => {
  let api: TestApi;
  const printed = { stdout: '', stderr: '' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-cli-audit-'));

  async function cli(...args: string[]): Promise<string> {
    process.env.FLEETGATE_URL = api.url;
    process.env.FLEETGATE_TOKEN = api.tokens.rel;
    printed.stdout = '';
    printed.stderr = '';
    return (await runCommand(auditCommand, args, printed)).stdout;
  }
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => Promise.reject(new Error('expected the command to fail')),
      (e: CliError) => e,
    );
  const propose = (name: string) => proposePolicy(api, name);

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the head, and reports the last 3 events deleted against a saved earlier verify (exit 3)', async () => {
    await propose('a');
    const before = await cli('audit', 'verify');
    expect(before).toMatch(/^audit chain intact: \d+ events\nhead \d+:[0-9a-f]{64}:[0-9a-f]{64} {2}\(keep a copy/);
    expect(before).toContain('warning: FLEETGATE_AUDIT_KEY is not set on the api');
    const headWord = /head (\S+)/.exec(before)![1];

    for (const n of ['b', 'c', 'd']) await propose(n);
    const saved = path.join(dir, 'verify.json');
    fs.writeFileSync(saved, await cli('audit', 'verify', '--json'));
    const earlier = JSON.parse(fs.readFileSync(saved, 'utf8')).head;
    await api.app.get(DataSource).query(`DELETE FROM audit_events WHERE seq > ${earlier.count - 3}`);

    const error = await failure(cli('audit', 'verify', '--against', saved));
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(
      `audit chain truncated since the earlier head: the chain holds ${earlier.count - 3} events; an earlier head recorded ${earlier.count}`,
    );
    expect(printed.stdout).toContain('against the earlier head: TRUNCATED');
    // The head printed before the appends is still extended by what is left.
    expect(await cli('audit', 'verify', '--against', headWord)).toContain('against the earlier head: ok — the chain extends the earlier head');
  });

  it('refuses an --against that is neither a head nor a file holding one (exit 2)', async () => {
    expect(await failure(cli('audit', 'verify', '--against', '12:abc'))).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('not a readable file'),
    });
    const noHead = path.join(dir, 'other.json');
    fs.writeFileSync(noHead, JSON.stringify({ head: { count: 3, hash: 'zz', hmac: 'x' } }));
    expect(await failure(cli('audit', 'verify', '--against', noHead))).toMatchObject({
      exitCode: 2,
      message: `--against ${noHead}: hash: expected 64 hex digits`,
    });
  });
});
