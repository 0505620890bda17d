import { Command } from 'commander';
import type { PromotionView } from '@fleetgate/gate';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';
import { parseScope, parseWaiver, promotionSummary } from '../gate-format.util';
import { versionId } from './evaluate.command';

const collect = (value: string, previous: string[]) => [...previous, value];

/** promote, approve, reject, rollback — the gate, through the api (roles and audit apply). */
export function promoteCommand(program: Command): void {
  program
    .command('promote')
    .description('request a promotion; prints every rule of the policy judged on the evidence')
    .argument('<model@version>')
    .requiredOption('--to <stage>', 'staging | production | archived')
    .option('--scope <scope>', 'fleet | validated-scope | comma-separated asset ids', 'validated-scope')
    .option('--evidence <runId>', 'evaluation run of this exact version')
    .requiredOption('--justification <text>', 'why this promotion')
    .option('--policy <name>', 'gate policy (default: default)')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { to: string; scope: string; evidence?: string; justification: string; policy?: string; json?: boolean }) => {
      const body = {
        modelVersionId: await versionId(ref),
        targetStage: opts.to,
        ...parseScope(opts.scope),
        evidenceRunId: opts.evidence,
        justification: opts.justification,
        policy: opts.policy,
      };
      const p = await api<PromotionView>('POST', '/promotions', body);
      print(!!opts.json, p, () => promotionSummary(p));
    });

  program
    .command('approve')
    .description('approve and apply a promotion (a reliability engineer other than the requester)')
    .argument('<requestId>')
    .option('--waive <rule=justification>', 'waive a failing rule with a written justification (repeatable)', collect, [] as string[])
    .option('--owner <name>', 'accountable owner of the version (default: you)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { waive: string[]; owner?: string; json?: boolean }) => {
      const waivers = opts.waive.map((w) => {
        const parsed = parseWaiver(w);
        if (!parsed) throw new CliError(`--waive expects rule=justification, got "${w}"`, 2);
        return parsed;
      });
      const p = await api<PromotionView>('POST', `/promotions/${encodeURIComponent(id)}/approve`, { waivers, owner: opts.owner });
      print(!!opts.json, p, () => promotionSummary(p));
    });

  program
    .command('reject')
    .description('reject a pending promotion request')
    .argument('<requestId>')
    .requiredOption('--reason <text>', 'why')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { reason: string; json?: boolean }) => {
      const p = await api<PromotionView>('POST', `/promotions/${encodeURIComponent(id)}/reject`, { reason: opts.reason });
      print(!!opts.json, p, () => promotionSummary(p));
    });

  program
    .command('rollback')
    .description('restore what an approved promotion replaced on its scope')
    .argument('<requestId>')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      const p = await api<PromotionView>('POST', `/promotions/${encodeURIComponent(id)}/rollback`);
      print(!!opts.json, p, () => promotionSummary(p));
    });
}
