import { Command } from 'commander';
import type { AdviceView } from '@fleetgate/advice';
import { adviceText } from '../advice-format.util';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';

const POLL_MS = 2000;

/** `advise <run>` (via the api): asks for adaptation advice and waits until every remedy has been evaluated. */
export function adviseCommand(program: Command): void {
  program
    .command('advise <run>')
    .description('which remedy would bring the machines a run left out into scope, and what it would cost (via the api; workers train and evaluate)')
    .option('--sample-per-segment <k>', 'fleet-trained variant: machines drawn per left-out segment (machine model × age band)', '1')
    .option('--regime-signals <a,b>', 'the signals that set the operating regime (the per-regime remedy needs them)')
    .option('--baseline <duration>', "per-machine-baseline variant: the baseline length (default: the pilot's training period, at most 14d)")
    .option('--seed <n>', 'seed of the stratified draw', '42')
    .option('--no-wait', 'return once asked, without waiting for the result')
    .option('--json', 'machine-readable output')
    .action(async (run: string, o: { samplePerSegment: string; regimeSignals?: string; baseline?: string; seed: string; wait: boolean; json?: boolean }) => {
      const k = Number(o.samplePerSegment);
      if (!Number.isInteger(k) || k < 1) throw new CliError(`--sample-per-segment must be a positive integer, got "${o.samplePerSegment}"`, 2);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new CliError(`--seed must be an integer, got "${o.seed}"`, 2);
      const body = {
        samplePerSegment: k,
        seed,
        ...(o.regimeSignals ? { regimeSignals: o.regimeSignals.split(',').map((s) => s.trim()) } : {}),
        ...(o.baseline ? { baseline: o.baseline } : {}),
      };
      let advice = await api<AdviceView>('POST', `/evaluations/${encodeURIComponent(run)}/advice`, body);
      while (o.wait && advice.status !== 'done' && advice.status !== 'failed') {
        await new Promise((r) => setTimeout(r, POLL_MS));
        advice = await api<AdviceView>('GET', `/evaluations/${encodeURIComponent(run)}/advice`);
      }
      print(!!o.json, advice, () => adviceText(advice));
      if (advice.status === 'failed') throw new CliError(`advice failed: ${advice.error ?? 'unknown error'}`, 1);
    });
}
