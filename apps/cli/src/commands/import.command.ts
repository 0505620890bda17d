import { Command } from 'commander';
import * as path from 'node:path';
import { parseDuration, reasonsText } from '@fleetgate/common';
import { CmapssImportService, CsvImportService, EventsImportService, ImportSummary } from '@fleetgate/telemetry';
import { CliError, operatorActor, print, service, withOperator } from '../cli-context';

/**
 * The human summary of an import; every rejection listed (up to 200 here, all with --json).
 * A partial import exits 0 and says how many rows were refused; one that stored nothing fails (exit 2).
 */
export function importText(s: ImportSummary): string {
  const lines = [
    `${s.source}: ${s.rowsRead} row(s) read, ${s.rowsRefused} refused, ${s.machines} machine(s), ${s.samplesWritten} sample(s) written, ${s.duplicates} duplicate(s), ${s.replaced} replaced, ${s.rejected} rejected` +
      (s.eventsWritten || s.eventsDuplicate ? `; events: ${s.eventsWritten} new, ${s.eventsDuplicate} already there` : ''),
  ];
  if (s.rejectedByReason.length) lines.push(`  rejected by reason: ${reasonsText(s.rejectedByReason)}`);
  for (const [asset, tags] of Object.entries(s.unmappedTags)) lines.push(`  ${asset}: unmapped/ambiguous tags ${tags.join(', ')}`);
  for (const r of s.rejections.slice(0, 200)) lines.push(`  line ${r.line}${r.column ? ` [${r.column}]` : ''}: ${r.reason}`);
  if (s.rejections.length > 200 || s.rejectionsTruncated) lines.push(`  … ${s.rejected - Math.min(200, s.rejections.length)} more (use --json)`);
  return lines.join('\n');
}

function interval(text?: string): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`--interval: ${(error as Error).message}`, 2);
  }
}

export function importCommand(program: Command): void {
  const imp = program.command('import').description('import telemetry and events (operator: acts on the database directly)');
  imp
    .command('csv')
    .description('telemetry CSV, streamed: wide = timestamp,<raw tag>,… for one machine; long = asset_id,timestamp,tag,value')
    .argument('<file>')
    .requiredOption('--format <format>', 'wide | long')
    .option('--machine <assetId>', 'the machine of a wide file')
    .option('--interval <duration>', 'sampling interval (e.g. 1m); default: inferred per series')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { format: string; machine?: string; interval?: string; json?: boolean }) => {
      if (opts.format !== 'wide' && opts.format !== 'long') throw new CliError('--format must be wide or long', 2);
      const intervalMs = interval(opts.interval);
      const s = await withOperator((app) =>
        service(app, CsvImportService).importCsv(
          { path: path.resolve(file) },
          { format: opts.format as 'wide' | 'long', machine: opts.machine, intervalMs },
          operatorActor(),
        ),
      );
      print(!!opts.json, s, () => importText(s));
    });
  imp
    .command('events')
    .description('failure / maintenance / error events: asset_id,timestamp,kind,component,code (component, code optional; an error needs its code)')
    .argument('<file>')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      const s = await withOperator((app) => service(app, EventsImportService).importEvents({ path: path.resolve(file) }, operatorActor()));
      print(!!opts.json, s, () => importText(s));
    });
  imp
    .command('cmapss')
    .description('NASA C-MAPSS train_/test_FD00x.txt: one engine = one machine, one cycle = one hour')
    .argument('<file>')
    .option('--site <name>', 'site to register the engines under', 'NASA-CMAPSS')
    .option('--rul <file>', 'RUL_FD00x.txt for a test file: records each engine’s true failure time')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { site: string; rul?: string; json?: boolean }) => {
      const s = await withOperator((app) =>
        service(app, CmapssImportService).importFile(
          path.resolve(file),
          { site: opts.site, rulPath: opts.rul ? path.resolve(opts.rul) : undefined },
          operatorActor(),
        ),
      );
      print(!!opts.json, s, () => importText(s));
    });
}
