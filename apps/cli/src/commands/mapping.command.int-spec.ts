import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { FleetService } from '@fleetgate/fleet';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { runCommand } from '../cli-test.fixtures';
import { mappingCommand, signalsCommand } from './mapping.command';

jest.setTimeout(60_000);

/** `signals` and `mapping` in-process against the real api: extending the catalog and the rules without resending them. */
describe('signals and mapping CLI commands (via the api)', () => {
  let api: TestApi;
  let dir: string;
  const ASSET = 'PLT9-G1-0001';

  async function cli(user: string, ...argv: string[]): Promise<{ stdout: string; stderr: string }> {
    process.env.FLEETGATE_URL = api.url;
    process.env.FLEETGATE_TOKEN = api.tokens[user];
    return runCommand((p) => {
      signalsCommand(p);
      mappingCommand(p);
    }, argv);
  }
  const json = async <T>(user: string, ...argv: string[]): Promise<T> => JSON.parse((await cli(user, ...argv, '--json')).stdout) as T;
  const tags = async () =>
    (await request(api.url).get(`/api/machines/${ASSET}/tags`).set('authorization', `Bearer ${api.tokens.rel}`).expect(200)).body as {
      version: number;
      mapped: Array<{ rawTag: string; signal: string; conversion: { scale: number; offset: number } | null }>;
      unmapped: string[];
    };

  beforeAll(async () => {
    api = await startApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-mapping-'));
    await api.app
      .get(FleetService)
      .ensureMachines([{ assetId: ASSET, site: 'PLT9', machineModel: 'G1', ageYears: 3, rawTags: ['vib1', 'OIL_T_F', 'GBX Oil Temp'] }], 'test');
  });
  afterAll(async () => {
    await api?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds a signal with its unit and valid range, and lists it after the built-ins', async () => {
    const added = await json<{ name: string; unit: string; min: number; max: number }>(
      'admin',
      'signals',
      'add',
      'oil_temp',
      '--unit',
      'degC',
      '--min',
      '-20',
      '--max',
      '150',
      '--description',
      'Gearbox oil temperature',
    );
    expect(added).toMatchObject({ name: 'oil_temp', unit: '°C', min: -20, max: 150 });
    const list = await json<Array<{ name: string; builtin: boolean; description: string }>>('rel', 'signals', 'list');
    expect(list.at(-1)).toMatchObject({ name: 'oil_temp', builtin: false, description: 'Gearbox oil temperature' });
    expect((await cli('rel', 'signals', 'list')).stdout).toContain('oil_temp\t[°C]\t-20..150\tadded');
  });

  it('adds a signal with the nominal interval a live-only series starts from', async () => {
    const added = await json<{ name: string; nominalIntervalMs: number }>(
      'admin',
      'signals',
      'add',
      'seal_leak',
      '--unit',
      '',
      '--min',
      '0',
      '--max',
      '1',
      '--nominal-interval',
      '10s',
    );
    expect(added).toMatchObject({ name: 'seal_leak', nominalIntervalMs: 10_000 });
    await expect(cli('admin', 'signals', 'add', 'seal_wear', '--unit', '', '--min', '0', '--max', '1', '--nominal-interval', 'often')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^--nominal-interval: /),
    });
  });

  it('refuses a bad signal with exit code 2, naming the option or field', async () => {
    await expect(cli('admin', 'signals', 'add', 'gear_temp', '--unit', '°C', '--min', 'cold', '--max', '90')).rejects.toMatchObject({
      exitCode: 2,
      message: '--min must be a number, got "cold"',
    });
    await expect(cli('admin', 'signals', 'add', 'gear_temp', '--unit', '°C', '--min', '90', '--max', '10')).rejects.toMatchObject({
      exitCode: 2,
      details: [expect.objectContaining({ field: 'min' })],
    });
    await expect(cli('admin', 'signals', 'add', 'gear_temp', '--unit', 'parsec', '--min', '0', '--max', '1')).rejects.toMatchObject({
      exitCode: 2,
      details: [{ field: 'unit', message: 'unknown unit "parsec"' }],
    });
    await expect(cli('admin', 'signals', 'add', 'oil_temp', '--unit', '°C', '--min', '0', '--max', '1')).rejects.toMatchObject({ exitCode: 2 });
    await expect(cli('mle', 'signals', 'add', 'gear_temp', '--unit', '°C', '--min', '0', '--max', '1')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^403/),
    });
    const names = (await json<Array<{ name: string }>>('rel', 'signals', 'list')).map((s) => s.name);
    expect(names).not.toContain('gear_temp');
  });

  it('adds one rule as a new version without resending the list, and the tag maps with its conversion', async () => {
    const before = await json<{ version: number; ruleCount: number; rules: unknown[] }>('rel', 'mapping', 'show');
    expect((await tags()).unmapped).toEqual(expect.arrayContaining(['OIL_T_F', 'GBX Oil Temp']));

    const out = await cli(
      'admin',
      'mapping',
      'add-rule',
      '--id',
      'plt9.oil_temp',
      '--signal',
      'oil_temp',
      '--unit',
      '°F',
      '--pattern',
      '[a-z]+_T_F',
      '--site',
      'PLT9',
      '--note',
      'PLT9 gearboxes',
    );
    expect(out.stdout).toMatch(new RegExp(`^added rule plt9.oil_temp: mapping rules v${before.version + 1} \\(${before.ruleCount + 1} rules`));

    const after = await json<{ version: number; note: string; rules: Array<{ id: string }> }>('rel', 'mapping', 'show');
    expect(after.version).toBe(before.version + 1);
    expect(after.note).toBe('PLT9 gearboxes');
    expect(after.rules.slice(0, -1)).toEqual(before.rules);
    expect(after.rules.at(-1)).toEqual({ id: 'plt9.oil_temp', signal: 'oil_temp', unit: '°F', match: { pattern: '[a-z]+_T_F' }, scope: { site: 'PLT9' } });

    const oil = (await tags()).mapped.find((t) => t.rawTag === 'OIL_T_F')!;
    expect(oil.signal).toBe('oil_temp');
    // 212 °F = 100 °C.
    expect(212 * oil.conversion!.scale + oil.conversion!.offset).toBeCloseTo(100, 10);
    // The previous version still reads as it was.
    const old = await json<{ rules: Array<{ id: string }> }>('rel', 'mapping', 'show', '--version', String(before.version));
    expect(old.rules.map((r) => r.id)).not.toContain('plt9.oil_temp');
  });

  it('refuses a bad rule naming the field, a taken id as a conflict, and a non-admin; nothing is stored', async () => {
    const { version } = await json<{ version: number }>('rel', 'mapping', 'show');
    const add = (user: string, ...extra: string[]) => cli(user, 'mapping', 'add-rule', '--signal', 'oil_temp', ...extra);
    await expect(add('admin', '--id', 'x.1', '--unit', 'bar', '--exact', 'GBX Oil Temp')).rejects.toMatchObject({
      exitCode: 2,
      details: [{ field: 'rule.unit', message: 'unit "bar" cannot be converted to oil_temp\'s unit "°C"' }],
    });
    await expect(add('admin', '--id', 'x.2', '--unit', '°C', '--pattern', '(')).rejects.toMatchObject({
      exitCode: 2,
      details: [expect.objectContaining({ field: 'rule.match.pattern' })],
    });
    await expect(add('admin', '--id', 'x.3', '--unit', '°C', '--exact', 'GBX Oil Temp', '--priority', '1.5')).rejects.toMatchObject({
      exitCode: 2,
      details: [expect.objectContaining({ field: 'rule.priority' })],
    });
    await expect(add('admin', '--id', 'x.4', '--unit', '°C')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('--exact') });
    await expect(add('admin', '--id', 'plt9.oil_temp', '--unit', '°C', '--exact', 'GBX Oil Temp')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^409: mapping rule plt9.oil_temp already exists/),
    });
    await expect(add('mle', '--id', 'x.5', '--unit', '°C', '--exact', 'GBX Oil Temp')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^403/),
    });
    expect((await json<{ version: number }>('rel', 'mapping', 'show')).version).toBe(version);
  });

  it('keeps both rules when two admins add one at the same moment', async () => {
    const { version } = await json<{ version: number }>('rel', 'mapping', 'show');
    const post = (id: string, tag: string) =>
      request(api.url)
        .post('/api/mapping/rules')
        .set('authorization', `Bearer ${api.tokens.admin}`)
        .send({ rule: { id, signal: 'oil_temp', unit: '°C', match: { exact: [tag] }, scope: { machineModel: 'G7' } } });
    const [a, b] = await Promise.all([post('race.a', 'oil_a'), post('race.b', 'oil_b')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.version, b.body.version].sort()).toEqual([version + 1, version + 2]);
    const ids = (await json<{ version: number; rules: Array<{ id: string }> }>('rel', 'mapping', 'show')).rules.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['race.a', 'race.b']));
  });

  it('imports a JSON rule list (the output of `mapping show --json`, edited) as the whole new version', async () => {
    const shown = (await cli('rel', 'mapping', 'show', '--json')).stdout;
    const current = JSON.parse(shown) as { version: number; rules: Array<Record<string, unknown>> };
    const file = path.join(dir, 'rules.json');
    // The file replaces the rules: drop the pattern rule added above, map the gearbox tag instead.
    const kept = current.rules.filter((r) => r.id !== 'plt9.oil_temp');
    const extra = { id: 'plt9.gbx_oil', signal: 'oil_temp', unit: '°C', match: { exact: ['GBX Oil Temp'] }, scope: { site: 'PLT9' } };
    fs.writeFileSync(file, JSON.stringify({ ...current, rules: [...kept, extra] }));
    const out = await cli('admin', 'mapping', 'import', file, '--note', 'gearbox tags');
    expect(out.stdout).toContain(`imported ${current.rules.length} rules from ${file}: mapping rules v${current.version + 1}`);
    const now = await tags();
    expect(now.mapped.find((t) => t.rawTag === 'GBX Oil Temp')).toMatchObject({ signal: 'oil_temp', conversion: null });
    expect(now.unmapped).toContain('OIL_T_F');

    // A plain array works too; a bad rule is named by its index and nothing is stored.
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([...current.rules, { ...extra, signal: 'no_such_signal' }]));
    await expect(cli('admin', 'mapping', 'import', bad)).rejects.toMatchObject({
      exitCode: 2,
      details: expect.arrayContaining([expect.objectContaining({ field: `rules[${current.rules.length}].signal` })]),
    });
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '[{"id": ');
    await expect(cli('admin', 'mapping', 'import', broken)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('is not valid JSON') });
    fs.writeFileSync(broken, '{"version": 3}');
    await expect(cli('admin', 'mapping', 'import', broken)).rejects.toMatchObject({ exitCode: 2, details: [{ field: 'rules', message: 'not a list' }] });
    expect((await json<{ version: number }>('rel', 'mapping', 'show')).version).toBe(current.version + 1);
  });
});
