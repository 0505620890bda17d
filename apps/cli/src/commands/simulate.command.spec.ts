import { CliError } from '../cli-context';
import { runCommand } from '../cli-test.fixtures';
import { simulateCommand } from './simulate.command';

/** Bad options are refused before the command touches the database (exit 2, like a 4xx). */
async function refusal(argv: string[]): Promise<CliError> {
  try {
    await runCommand(simulateCommand, ['simulate', ...argv]);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error(`simulate ${argv.join(' ')} was accepted`);
}

describe('simulate options', () => {
  it.each(['1.5', '-0.1', 'abc', ''])('refuses --label-share %j, naming the option', async (value) => {
    const error = await refusal(['--label-share', value]);
    expect(error.message).toBe(`--label-share must be a number in 0..1, got "${value}"`);
    expect(error.exitCode).toBe(2);
  });

  it('refuses an interval that does not divide a day, naming the option', async () => {
    const error = await refusal(['--interval', '7m']);
    expect(error.message).toMatch(/^--interval must be whole minutes that divide a day/);
    expect(error.exitCode).toBe(2);
  });
});

describe('simulate --end and simulate publish options', () => {
  it.each(['yesterday', '2026-13-01', '2026-06-01T00:00:30Z'])('refuses --end %j, naming the option', async (value) => {
    const error = await refusal(['--end', value]);
    expect(error.message).toMatch(/^--end must be an ISO date or time on a whole minute/);
    expect(error.exitCode).toBe(2);
  });

  it.each([
    [['--speed', '0'], /^--speed must be a number above 0/],
    [['--speed', '60', '--for', 'soon'], /^--for: not a duration/],
    [['--speed', '60', '--machines', '0'], /^--machines must be a count of at least 1/],
    [['--speed', '60', '--seed', '1.5'], /^--seed must be an integer/],
  ])('publish refuses %j before it touches the database', async (argv, message) => {
    const error = await refusal(['publish', ...argv]);
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(2);
  });
});
