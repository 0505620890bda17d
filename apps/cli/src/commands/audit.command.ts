import { Command } from 'commander';
import * as fs from 'node:fs';
import { ChainHead, HEAD_TEXT_PATTERN, headText, parseHead } from '@fleetgate/audit';
import { verifyEvidenceBundle } from '@fleetgate/gate';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';
import { consistencyText, DeploymentConsistency } from '../consistency-format.util';
import { bundleText } from '../gate-format.util';

interface Verdict {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
  head?: ChainHead;
  against?: { ok: boolean; outcome: string; detail: string };
  keyIsDefault: boolean;
}

/**
 * An earlier head: its text form `count:hash:hmac`, or a file holding it, an evidence bundle
 * (`auditHead`) or the JSON of an earlier `audit verify --json` (`head`).
 */
export function readEarlierHead(arg: string): ChainHead {
  if (HEAD_TEXT_PATTERN.test(arg.trim())) return (parseHead(arg) as { head: ChainHead }).head;
  let text: string;
  try {
    text = fs.readFileSync(arg, 'utf8');
  } catch (error) {
    throw new CliError(`--against: not a head (<count>:<hash>:<hmac>) and not a readable file: ${(error as Error).message}`, 2);
  }
  let doc: unknown = text.trim();
  if (!HEAD_TEXT_PATTERN.test(text.trim())) {
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new CliError(`--against ${arg}: neither a head nor JSON: ${(error as Error).message}`, 2);
    }
    const o = doc as Record<string, unknown> | null;
    if (o && typeof o === 'object') {
      if ('auditHead' in o) {
        if (!o.auditHead) throw new CliError(`--against ${arg}: the bundle carries no audit head (the chain did not verify when it was made)`, 2);
        doc = o.auditHead;
      } else if ('head' in o) doc = o.head;
    }
  }
  const parsed = parseHead(doc);
  if ('error' in parsed) throw new CliError(`--against ${arg}: ${parsed.error}`, 2, [{ field: 'against', message: parsed.error }]);
  return parsed.head;
}

function verdictText(v: Verdict): string {
  const lines = [v.firstBroken ? `audit chain BROKEN at event #${v.firstBroken.seq}: ${v.firstBroken.reason}` : `audit chain intact: ${v.checked} events`];
  if (v.head) lines.push(`head ${headText(v.head)}  (keep a copy: a later --against detects truncation or rewrite)`);
  if (v.against) lines.push(`against the earlier head: ${v.against.ok ? 'ok' : v.against.outcome.toUpperCase()} — ${v.against.detail}`);
  if (v.keyIsDefault) lines.push('warning: FLEETGATE_AUDIT_KEY is not set on the api; the head is signed with the published development key');
  return lines.join('\n');
}

export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log (via the api)');
  audit
    .command('verify')
    .description(
      'check the audit chain and print its signed head; --against an earlier head or bundle reports truncation or rewrite; --bundle checks a bundle offline',
    )
    .option('--bundle <file>', 'evidence bundle (GET /api/model-versions/:id/evidence) to check offline')
    .option('--against <head|file>', 'earlier head (count:hash:hmac), or a file: an evidence bundle or an earlier `audit verify --json`')
    .option('--json', 'machine-readable output')
    .action(async (opts: { bundle?: string; against?: string; json?: boolean }) => {
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
      const earlier = opts.against ? readEarlierHead(opts.against) : undefined;
      const verdict = await api<Verdict>('GET', `/audit/verify${earlier ? `?against=${headText(earlier)}` : ''}`);
      // The deployments must agree with the approved decisions too (GET /api/deployments/consistency).
      const deployments = await api<DeploymentConsistency>('GET', '/deployments/consistency');
      print(!!opts.json, { ...verdict, deployments }, () => `${verdictText(verdict)}\n${consistencyText(deployments)}`);
      if (verdict.firstBroken) throw new CliError(`audit chain broken at event #${verdict.firstBroken.seq}`, 3);
      if (verdict.against && !verdict.against.ok)
        throw new CliError(`audit chain ${verdict.against.outcome} since the earlier head: ${verdict.against.detail}`, 3);
      if (!deployments.ok)
        throw new CliError(
          `deployments inconsistent with ${new Set(deployments.problems.map((p) => p.promotionId)).size} approved promotion(s): see the list above`,
          3,
        );
    });
}
