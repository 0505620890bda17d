import { Command } from 'commander';
import * as fs from 'node:fs';
import { verifyEvidenceBundle } from '@fleetgate/gate';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';
import { bundleText } from '../gate-format.util';

interface Verdict {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log (via the api)');
  audit
    .command('verify')
    .description('check the audit chain (names the first broken event), or an exported evidence bundle offline with --bundle')
    .option('--bundle <file>', 'evidence bundle (GET /api/model-versions/:id/evidence) to check offline')
    .option('--json', 'machine-readable output')
    .action(async (opts: { bundle?: string; json?: boolean }) => {
      if (opts.bundle) {
        let bundle: unknown;
        try {
          bundle = JSON.parse(fs.readFileSync(opts.bundle, 'utf8'));
        } catch (error) {
          throw new CliError(`cannot read evidence bundle ${opts.bundle}: ${(error as Error).message}`, 2);
        }
        const v = verifyEvidenceBundle(bundle);
        print(!!opts.json, v, () => bundleText(opts.bundle!, v));
        if (!v.ok) throw new CliError(`evidence bundle broken: ${v.problems.map((p) => p.check).join(', ')}`, 3);
        return;
      }
      const verdict = await api<Verdict>('GET', '/audit/verify');
      print(!!opts.json, verdict, () =>
        verdict.ok
          ? `audit chain intact: ${verdict.checked} events`
          : `audit chain BROKEN at event #${verdict.firstBroken!.seq}: ${verdict.firstBroken!.reason}`,
      );
      if (!verdict.ok) throw new CliError(`audit chain broken at event #${verdict.firstBroken!.seq}`, 3);
    });
}
