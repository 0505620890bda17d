import { Command } from 'commander';
import { FleetService } from '@fleetgate/fleet';
import { MachineQuality, QualityService } from '@fleetgate/telemetry';
import { CliError, print, service, withOperator } from '../cli-context';

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
      `  ${s.signal.padEnd(16)} ${s.grade.padEnd(9)} coverage ${pct(s.coverage).padStart(6)}  gaps ${s.gaps.count} (long ${s.gaps.longCount}, longest ${(s.gaps.longestMs / 3_600_000).toFixed(1)} h)${flags ? `  ${flags}` : ''}`,
    );
  }
  return lines.join('\n');
}

export function qualityCommand(program: Command): void {
  program
    .command('quality')
    .description("a machine's data quality per signal: coverage, gaps, flat/stuck, out-of-range, spikes, grade")
    .argument('<assetId>')
    .option('--window <duration>', 'the last <duration> of its data, e.g. 90d (default: all of it)')
    .option('--from <iso>', 'window start')
    .option('--to <iso>', 'window end')
    .option('--json', 'machine-readable output')
    .action(async (assetId: string, opts: { window?: string; from?: string; to?: string; json?: boolean }) => {
      const q = await withOperator(async (app) => {
        const machine = await service(app, FleetService).getMachine(assetId);
        const svc = service(app, QualityService);
        const window = await svc.resolveWindow(machine.id, opts);
        if (!window) throw new CliError(`${assetId} has no telemetry stored`, 2);
        return svc.quality(machine, window.fromMs, window.toMs);
      });
      print(!!opts.json, q, () => qualityText(q));
    });
}
