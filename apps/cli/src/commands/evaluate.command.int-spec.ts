import { DAY_MS } from '@fleetgate/common';
import { evaluableApi } from '../../../api/src/evaluations/evaluation-test.fixtures';
import { runCommand } from '../cli-test.fixtures';
import { evaluateCommand } from './evaluate.command';

/** `evaluate` in-process against the real api: the look-back period is --lookback; --window still works and says so. */
describe('evaluate CLI command (via the api)', () => {
  const suite = evaluableApi();

  async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    process.env.FLEETGATE_URL = suite.api.url;
    process.env.FLEETGATE_TOKEN = suite.api.tokens.rel;
    return runCommand(evaluateCommand, ['evaluate', suite.seed.ref, '--machines', suite.seed.assetId, ...args]);
  }
  const period = (stdout: string) => {
    const run = JSON.parse(stdout) as { from: string; to: string };
    return { fromMs: Date.parse(run.from), toMs: Date.parse(run.to) };
  };

  it('evaluates the last --lookback of the data', async () => {
    const r = await cli('--lookback', '2d', '--json');
    expect(r.stderr).toBe('');
    expect(period(r.stdout)).toEqual({ fromMs: suite.seed.dataEndMs - 2 * DAY_MS, toMs: suite.seed.dataEndMs });
  });

  it('still takes --window, warning once on stderr and keeping the --json output clean', async () => {
    const r = await cli('--window', '1d', '--json');
    expect(r.stderr).toBe('warning: --window is deprecated; use --lookback\n');
    expect(period(r.stdout)).toEqual({ fromMs: suite.seed.dataEndMs - DAY_MS, toMs: suite.seed.dataEndMs });
  });

  it('refuses --lookback with --window as bad input', async () => {
    await expect(cli('--lookback', '1d', '--window', '1d', '--json')).rejects.toMatchObject({ exitCode: 2 });
  });

  it("passes the api's 400 naming lookback on for a bad duration", async () => {
    await expect(cli('--lookback', 'lots', '--json')).rejects.toMatchObject({
      exitCode: 2,
      details: [{ field: 'lookback', message: 'lookback must be a positive duration such as 90d, 12h or 2w' }],
    });
  });
});
