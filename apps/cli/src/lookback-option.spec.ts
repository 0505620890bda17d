import { Command } from 'commander';
import { CliError } from './cli-context';
import { addLookbackOption, LookbackOptions, resolveLookback } from './lookback-option';

/** Parses argv with a command that has the look-back options; returns what it resolved and what went to stderr. */
function run(...args: string[]): { lookback: string | undefined; stderr: string } {
  let lookback: string | undefined;
  const cmd = addLookbackOption(new Command('quality').exitOverride(), 'the last <duration> of the data').action((opts: LookbackOptions) => {
    lookback = resolveLookback(opts);
  });
  let stderr = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    cmd.parse(['node', 'quality', ...args]);
  } finally {
    spy.mockRestore();
  }
  return { lookback, stderr };
}

// The warning is once per process, so the order of these tests matters.
describe('--lookback and its deprecated alias --window', () => {
  it('takes --lookback quietly', () => {
    expect(run('--lookback', '30d')).toEqual({ lookback: '30d', stderr: '' });
    expect(run()).toEqual({ lookback: undefined, stderr: '' });
  });

  it('refuses both, as bad input (exit code 2)', () => {
    expect(() => run('--lookback', '30d', '--window', '30d')).toThrow(CliError);
    expect(() => run('--lookback', '30d', '--window', '30d')).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/--lookback.*not both/) }),
    );
  });

  it('still takes --window, and says so on stderr once per process', () => {
    expect(run('--window', '7d')).toEqual({ lookback: '7d', stderr: 'warning: --window is deprecated; use --lookback\n' });
    expect(run('--window', '14d')).toEqual({ lookback: '14d', stderr: '' });
  });

  it('lists --window in the help as the deprecated alias', () => {
    const help = addLookbackOption(new Command('quality'), 'the last <duration> of the data').helpInformation();
    expect(help).toMatch(/--lookback <duration>\s+the last <duration> of the data/);
    expect(help).toMatch(/--window <duration>\s+deprecated alias of --lookback/);
  });
});
