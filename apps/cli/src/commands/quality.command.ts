import { Command } from 'commander';
import { HOUR_MS } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { MachineQuality, QualityService } from '@fleetgate/telemetry';
import { CliError, print, service, withOperator } from '../cli-context';
import { addLookbackOption, LookbackOptions, resolveLookback } from '../lookback-option';

function qualityText(q: MachineQuality): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const lines = [`${q.assetId} ${new Date(q.fromMs).toISOString()} → ${new Date(q.toMs).toISOString()}: ${q.grade}`];
  for (const s of q.signals) {
    const flags = [
      s.flat ? 'FLAT' : '',
      s.stuck.runs ? `stuck ${pct(s.stuck.share)}` : '',
      s.spikes.count ? `${s.spikes.count} spikes` : '',
      s.outOfRange?.count ? `out of range ${pct(s.outOfRange.share)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${s.signal.padEnd(16)} ${s.grade.padEnd(9)} coverage ${pct(s.coverage).padStart(6)}  gaps ${s.gaps.count} (long ${s.gaps.longCount}, longest ${(s.gaps.longestMs / HOUR_MS).toFixed(1)} h)${flags ? `  ${flags}` : ''}`,
    );
  }
  return lines.join('\n');
}

export function qualityCommand(program: Command): void {
  addLookbackOption(
    program
      .command('quality')
      .description("a machine's data quality per signal: coverage, gaps, flat/stuck, out-of-range, spikes, grade")
      .argument('<assetId>'),
    'look-back period: the last <duration> of its data, e.g. 90d (default: all of it, at most FLEETGATE_MAX_LOOKBACK_DAYS)',
  )
    .option('--from <iso>', 'start of the period (with --to; 1970–2100, clipped to its data)')
    .option('--to <iso>', 'end of the period (with --from)')
    .option('--json', 'machine-readable output')
    .action(async (assetId: string, opts: LookbackOptions & { from?: string; to?: string; json?: boolean }) => {
      const lookback = resolveLookback(opts);
      const q = await withOperator(async (app) => {
        const machine = await service(app, FleetService).getMachine(assetId);
        const svc = service(app, QualityService);
        const period = await svc.resolvePeriod(machine.id, { from: opts.from, to: opts.to, lookback });
        if (!period) throw new CliError(`${assetId} has no telemetry stored`, 2);
        return svc.quality(machine, period.fromMs, period.toMs);
      });
      print(!!opts.json, q, () => qualityText(q));
    });
}
