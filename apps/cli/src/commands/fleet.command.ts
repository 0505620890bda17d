import { Command } from 'commander';
import * as fs from 'node:fs';
import { detectFleetFormat, FleetService, TagMappingService } from '@fleetgate/fleet';
import { CliError, operatorActor, print, service, withOperator } from '../cli-context';

export function fleetCommand(program: Command): void {
  const fleet = program.command('fleet').description('the fleet registry (operator: acts on the database directly)');
  fleet
    .command('import')
    .description('import a fleet file (CSV or JSON): every row is checked first, then all are written in one transaction, or none')
    .argument(
      '<file>',
      '.csv (asset_id,site,line,machine_model,manufacturer,commissioned_at,criticality,raw_tags; line, manufacturer, criticality optional; age_years [+ age_at] instead of commissioned_at) or .json',
    )
    .option('--format <format>', 'csv | json (default: from the file name)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { format?: string; json?: boolean }) => {
      const content = readFile(file);
      const format = (opts.format ?? detectFleetFormat(file, content)) as 'csv' | 'json';
      const result = await withOperator((app) => service(app, FleetService).importFleetFile(content, format, operatorActor()));
      print(!!opts.json, result, () => `imported ${result.created} machine(s); created ${result.sitesCreated} site(s) and ${result.linesCreated} line(s)`);
    });
  fleet
    .command('list')
    .description('list machines')
    .option('--site <site>', 'only this site (comma-separated for several)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { site?: string; json?: boolean }) => {
      const sites = opts.site
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const now = Date.now();
      const rows = await withOperator(async (app) => {
        const svc = service(app, FleetService);
        const machines = await svc.listMachines(sites ? { sites } : {});
        return machines.map((m) => ({
          assetId: m.assetId,
          site: m.site.name,
          line: m.line?.name ?? null,
          machineModel: m.machineModel,
          manufacturer: m.manufacturer,
          commissionedAt: m.commissionedAt,
          ageYears: Math.round(svc.ageYears(m, now) * 100) / 100,
          criticality: m.criticality,
          rawTags: m.rawTags,
        }));
      });
      print(!!opts.json, rows, () =>
        rows.length
          ? rows
              .map((r) =>
                [r.assetId, r.site, r.line ?? '-', r.machineModel, r.manufacturer ?? '-', `${r.ageYears.toFixed(1)}y`, r.criticality ?? '-'].join('\t'),
              )
              .join('\n') + `\n${rows.length} machine(s)`
          : 'no machines',
      );
    });
  fleet
    .command('tags')
    .description("show how a machine's raw tags map to canonical signals (current rules unless --version)")
    .argument('<assetId>', 'asset id (or machine id)')
    .option('--version <n>', 'mapping rules version')
    .option('--json', 'machine-readable output')
    .action(async (assetId: string, opts: { version?: string; json?: boolean }) => {
      const version = opts.version === undefined ? undefined : Number(opts.version);
      if (version !== undefined && !(Number.isInteger(version) && version >= 1))
        throw new CliError(`--version must be a positive integer, got "${opts.version}"`, 2);
      const r = await withOperator(async (app) =>
        service(app, TagMappingService).resolveForMachine(await service(app, FleetService).getMachine(assetId), version),
      );
      print(!!opts.json, r, () =>
        [
          `${r.assetId} (mapping rules v${r.version})`,
          ...r.mapped.map(
            (t) =>
              `  ${t.rawTag} → ${t.signal} [${t.rawUnit || '-'} → ${t.unit || '-'}${t.conversion ? `: ×${Number(t.conversion.scale.toPrecision(6))}${t.conversion.offset ? ` ${t.conversion.offset > 0 ? '+' : '−'} ${Number(Math.abs(t.conversion.offset).toPrecision(6))}` : ''}` : ''}]`,
          ),
          ...r.unmapped.map((t) => `  ${t} → UNMAPPED`),
          ...r.ambiguous.map((a) => `  ${a.rawTag} → AMBIGUOUS (${a.candidates.map((c) => `${c.signal} by ${c.ruleId}`).join(', ')})`),
          ...r.duplicateSignals.map((d) => `  ${d.rawTags.join(', ')} → all claim ${d.signal}: none mapped`),
        ].join('\n'),
      );
    });
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, 2);
  }
}
