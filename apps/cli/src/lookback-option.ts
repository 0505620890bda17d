import { Command } from 'commander';
import { CliError } from './cli-context';

/*
 * The look-back period ("the last 90d of the data") is `--lookback`. It used to be `--window`,
 * the name a model's manifest gives its feature window (`input.window`); `--window` still works
 * as a deprecated alias and says so once, on stderr, so `--json` output stays clean.
 */

export const WINDOW_FLAG_DEPRECATION = '--window is deprecated; use --lookback';

export interface LookbackOptions {
  lookback?: string;
  window?: string;
}

/** Registers `--lookback <duration>` and its deprecated alias `--window <duration>` on a command. */
export function addLookbackOption(command: Command, description: string): Command {
  return command.option('--lookback <duration>', description).option('--window <duration>', 'deprecated alias of --lookback');
}

let warned = false;

/** The `--lookback` value (or the deprecated `--window`'s, with a warning once per process). */
export function resolveLookback(opts: LookbackOptions): string | undefined {
  if (opts.window === undefined) return opts.lookback;
  if (opts.lookback !== undefined) throw new CliError('give --lookback only (--window is its deprecated alias), not both', 2);
  if (!warned) {
    warned = true;
    process.stderr.write(`warning: ${WINDOW_FLAG_DEPRECATION}\n`);
  }
  return opts.window;
}
