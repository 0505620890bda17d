import { Command } from 'commander';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';

interface Verdict {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log (via the api)');
  audit
    .command('verify')
    .description('check the audit chain; names the first broken event')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const verdict = await api<Verdict>('GET', '/audit/verify');
      print(!!opts.json, verdict, () =>
        verdict.ok ? `audit chain intact: ${verdict.checked} events` : `audit chain BROKEN at event #${verdict.firstBroken!.seq}: ${verdict.firstBroken!.reason}`,
      );
      if (!verdict.ok) throw new CliError(`audit chain broken at event #${verdict.firstBroken!.seq}`, 3);
    });
}
