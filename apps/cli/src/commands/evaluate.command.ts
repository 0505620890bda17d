import { Command } from 'commander';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';
import { addLookbackOption, LookbackOptions, resolveLookback } from '../lookback-option';
import { progressLine } from '../progress-bar.util';
import { machineTable, MachineResultView, ReportView, scopeSummary, segmentTable } from '../report-format.util';
import { netValueTable } from '../value-format.util';
import { adviceText } from '../advice-format.util';
import type { AdviceView } from '@fleetgate/advice';
import type { RunNetValue } from '@fleetgate/gate';

interface RunDto {
  id: string;
  status: string;
  progress: { total: number; done: number; failed: number };
}

interface VersionDto {
  id: string;
}

const FINISHED = ['completed', 'partial', 'failed', 'cancelled'];

/** `<name>@<version>` → the version id, through the api. */
export async function versionId(ref: string): Promise<string> {
  const match = /^(.+)@(\d+)$/.exec(ref);
  if (!match) throw new CliError(`expected <model>@<version>, got "${ref}"`, 2);
  const v = await api<VersionDto>('GET', `/models/${encodeURIComponent(match[1])}/versions/${match[2]}`);
  return v.id;
}

export async function waitForRun(id: string, json: boolean): Promise<RunDto> {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  for (;;) {
    const run = await api<RunDto>('GET', `/evaluations/${id}`);
    const line = progressLine(run.progress.done, run.progress.failed, run.progress.total, Date.now() - started);
    if (!json) process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    if (FINISHED.includes(run.status)) {
      if (!json && tty) process.stderr.write('\n');
      return run;
    }
    await new Promise((r) => setTimeout(r, tty ? 500 : 2000));
  }
}

export function evaluateCommand(program: Command): void {
  addLookbackOption(
    program.command('evaluate').description('evaluate a model version over the fleet on the workers (via the api)').argument('<model@version>'),
    'look-back period: the last <duration> of the data, e.g. 90d (the default without --from/--to)',
  )
    .option('--from <iso>', 'start of the period (with --to)')
    .option('--to <iso>', 'end of the period (with --from)')
    .option('--sites <sites>', 'comma-separated site names')
    .option('--models <models>', 'comma-separated machine models')
    .option('--min-age <years>', 'youngest machine age', parseFloat)
    .option('--max-age <years>', 'oldest machine age', parseFloat)
    .option('--machines <assetIds>', 'comma-separated asset ids')
    .option('--thresholds <mode>', "version (default) | per-machine: each machine's own threshold, calibrated on its baseline")
    .option('--wait', 'follow progress, then print the segment table and the validated scope')
    .option('--json', 'machine-readable output (the report with --wait)')
    .action(
      async (
        ref: string,
        opts: LookbackOptions & {
          from?: string;
          to?: string;
          sites?: string;
          models?: string;
          minAge?: number;
          maxAge?: number;
          machines?: string;
          thresholds?: string;
          wait?: boolean;
          json?: boolean;
        },
      ) => {
        const list = (s?: string) =>
          s
            ? s
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean)
            : undefined;
        const lookback = resolveLookback(opts);
        const body = {
          modelVersionId: await versionId(ref),
          selection: {
            sites: list(opts.sites),
            machineModels: list(opts.models),
            minAgeYears: opts.minAge,
            maxAgeYears: opts.maxAge,
            assetIds: list(opts.machines),
          },
          lookback: opts.from || opts.to ? undefined : (lookback ?? '90d'),
          from: opts.from,
          to: opts.to,
          thresholds: opts.thresholds,
        };
        const run = await api<RunDto>('POST', '/evaluations', body);
        if (!opts.wait) {
          print(!!opts.json, run, () => `evaluation ${run.id} queued: ${run.progress.total} machines`);
          return;
        }
        if (!opts.json) process.stderr.write(`evaluation ${run.id}: ${run.progress.total} machines\n`);
        const finished = await waitForRun(run.id, !!opts.json);
        if (finished.status === 'cancelled') throw new CliError(`evaluation ${run.id} was cancelled`, 1);
        const report = await api<ReportView>('GET', `/evaluations/${run.id}/report`);
        print(!!opts.json, report, () => `${segmentTable(report)}\n\n${scopeSummary(report)}`);
        if (report.status === 'failed') throw new CliError(`evaluation ${run.id} failed: no machine could be evaluated`, 1);
      },
    );

  const evaluations = program.command('evaluations').description('list, show and cancel evaluation runs (via the api)');
  evaluations
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const runs = await api<RunDto[]>('GET', '/evaluations');
      print(
        !!opts.json,
        runs,
        () => runs.map((r) => `${r.id}\t${r.status}\t${r.progress.done + r.progress.failed}/${r.progress.total}`).join('\n') || 'no runs',
      );
    });
  evaluations
    .command('show')
    .argument('<id>')
    .option('--json', 'machine-readable output (the full report)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const run = await api<RunDto>('GET', `/evaluations/${id}`);
      if (!FINISHED.includes(run.status) || run.status === 'cancelled') {
        print(!!opts.json, run, () => `${run.id} ${run.status} ${progressLine(run.progress.done, run.progress.failed, run.progress.total, 0)}`);
        return;
      }
      const report = await api<ReportView>('GET', `/evaluations/${id}/report`);
      // The advice asked for the run, if any, is shown with its report (the stored report itself is hashed evidence and stays as it was).
      const advice = opts.json ? null : await api<AdviceView>('GET', `/evaluations/${id}/advice`).catch(() => null);
      print(!!opts.json, report, () => `${segmentTable(report)}\n\n${scopeSummary(report)}${advice ? `\n\n${adviceText(advice)}` : ''}`);
    });
  evaluations
    .command('machines')
    .description('per-machine results of a run: verdict, usable and healthy windows, error events (in alarmed windows)')
    .argument('<id>')
    .option('--json', 'machine-readable output (every machine with its full assessment)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const items: MachineResultView[] = [];
      let total = Infinity;
      while (items.length < total) {
        const page = await api<{ total: number; items: MachineResultView[] }>('GET', `/evaluations/${id}/machines?offset=${items.length}&limit=1000`);
        if (page.items.length === 0) break;
        items.push(...page.items);
        total = page.total;
      }
      print(!!opts.json, items, () => (items.length ? machineTable(items) : 'no machines'));
    });
  evaluations
    .command('value')
    .description('net value per 1,000 machine-hours of a finished run, for the fleet, the validated scope and each segment, with 95 % intervals')
    .argument('<id>')
    .option('--policy <name>', 'price with the newest approved version of this gate policy', 'default')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { policy: string; json?: boolean }) => {
      const value = await api<RunNetValue>('GET', `/evaluations/${id}/value?policy=${encodeURIComponent(opts.policy)}`);
      print(!!opts.json, value, () => netValueTable(value));
    });
  evaluations
    .command('cancel')
    .argument('<id>')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      const run = await api<RunDto>('POST', `/evaluations/${id}/cancel`);
      print(!!opts.json, run, () => `cancelled ${run.id}`);
    });
}
