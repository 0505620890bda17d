import { Command } from 'commander';

/**
 * Runs one CLI command in-process, as `fleetgate <argv…>` would, and returns what it wrote to
 * stdout and stderr (for specs: the real command, the real api or database behind it). Pass
 * `out` to keep what a command printed before it failed.
 */
export async function runCommand(
  register: (program: Command) => void,
  argv: string[],
  out: { stdout: string; stderr: string } = { stdout: '', stderr: '' },
): Promise<{ stdout: string; stderr: string }> {
  const program = new Command('fleetgate').exitOverride();
  register(program);
  const spies = (['stdout', 'stderr'] as const).map((stream) =>
    jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      out[stream] += String(chunk);
      return true;
    }),
  );
  try {
    await program.parseAsync(['node', 'fleetgate', ...argv]);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return out;
}
