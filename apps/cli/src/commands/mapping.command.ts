import { Command } from 'commander';
import * as fs from 'node:fs';
import { api } from '../api-client';
import { parseDuration } from '@fleetgate/common';
import { CliError, print } from '../cli-context';

interface SignalView {
  name: string;
  unit: string;
  min: number;
  max: number;
  description: string;
  builtin: boolean;
}
interface RuleView {
  id: string;
  signal: string;
  match: { exact?: string[]; pattern?: string };
  unit: string;
  scope?: { site?: string; machineModel?: string; manufacturer?: string };
  priority?: number;
  description?: string;
}
interface RuleSetView {
  version: number;
  createdBy: string;
  note: string | null;
  createdAt: string;
  ruleCount: number;
  sha256: string;
  rules: RuleView[];
}

/** A finite number from an option, or exit 2 naming the option. */
function durationOption(text: string, flag: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`${flag}: ${(error as Error).message}`, 2);
  }
}

function numberOption(value: string | undefined, option: string): number {
  const n = value === undefined || value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) throw new CliError(`${option} must be a number, got "${value ?? ''}"`, 2, [{ field: option, message: 'not a number' }]);
  return n;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function describeMatch(m: RuleView['match']): string {
  return [m.exact?.length ? `exact ${m.exact.map((t) => JSON.stringify(t)).join(', ')}` : '', m.pattern ? `pattern /${m.pattern}/` : '']
    .filter(Boolean)
    .join(' or ');
}

function describeRuleSet(s: RuleSetView): string {
  const head = `mapping rules v${s.version}: ${s.ruleCount} rules, by ${s.createdBy} at ${s.createdAt}${s.note ? ` — ${s.note}` : ''}\nsha256 ${s.sha256}`;
  const rows = s.rules.map((r) => {
    const scope = Object.entries(r.scope ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    return `  ${r.id}\t→ ${r.signal}\t[${r.unit || "''"}]\t${describeMatch(r.match)}${scope ? `\tscope ${scope}` : ''}${r.priority ? `\tpriority ${r.priority}` : ''}`;
  });
  return [head, ...rows].join('\n');
}

/** The rule list of a file: a JSON array of rules, or an object with `rules` (what `mapping show --json` prints). */
function readRuleFile(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, 2);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, 2);
  }
  if (Array.isArray(data)) return data;
  const rules = data && typeof data === 'object' ? (data as { rules?: unknown }).rules : undefined;
  if (!Array.isArray(rules))
    throw new CliError(`${file}: expected a JSON array of rules or an object with a "rules" array`, 2, [{ field: 'rules', message: 'not a list' }]);
  return rules;
}

export function signalsCommand(program: Command): void {
  const signals = program.command('signals').description('the canonical signal catalog (via the api)');
  signals
    .command('list')
    .description('every canonical signal with its unit and valid range')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const list = await api<SignalView[]>('GET', '/signals');
      print(!!opts.json, list, () =>
        list.map((s) => `${s.name}\t[${s.unit || "''"}]\t${s.min}..${s.max}\t${s.builtin ? 'built-in' : 'added'}\t${s.description}`).join('\n'),
      );
    });
  signals
    .command('add')
    .description('add a canonical signal (admin); existing signals cannot be redefined')
    .argument('<name>', 'lower_snake_case, e.g. oil_temp')
    .requiredOption('--unit <unit>', "unit the signal is stored in (°C, bar, mm/s, '' for a plain ratio …)")
    .requiredOption('--min <n>', 'lowest plausible value')
    .requiredOption('--max <n>', 'highest plausible value')
    .option('--description <text>', 'what the signal measures')
    .option('--nominal-interval <duration>', 'sampling interval of a series the live ingest starts from single samples, e.g. 10s (default 1m)')
    .option('--json', 'machine-readable output')
    .action(async (name: string, opts: { unit: string; min: string; max: string; description?: string; nominalInterval?: string; json?: boolean }) => {
      const body = {
        name,
        unit: opts.unit,
        min: numberOption(opts.min, '--min'),
        max: numberOption(opts.max, '--max'),
        description: opts.description,
        ...(opts.nominalInterval === undefined ? {} : { nominalIntervalMs: durationOption(opts.nominalInterval, '--nominal-interval') }),
      };
      const s = await api<SignalView>('POST', '/signals', body);
      print(!!opts.json, s, () => `added signal ${s.name} [${s.unit || "''"}] valid ${s.min}..${s.max}`);
    });
}

export function mappingCommand(program: Command): void {
  const mapping = program.command('mapping').description('the versioned tag-mapping rules (via the api)');
  mapping
    .command('show')
    .description('the current rules, or one version')
    .option('--version <n>', 'a rule-set version (default: current)')
    .option('--json', 'machine-readable output (a file `mapping import` takes back)')
    .action(async (opts: { version?: string; json?: boolean }) => {
      const version = opts.version === undefined ? undefined : numberOption(opts.version, '--version');
      if (version !== undefined && !(Number.isInteger(version) && version >= 1))
        throw new CliError(`--version must be a positive integer, got "${opts.version}"`, 2);
      const s = await api<RuleSetView>('GET', version === undefined ? '/mapping/rules' : `/mapping/rules/${version}`);
      print(!!opts.json, s, () => describeRuleSet(s));
    });
  mapping
    .command('add-rule')
    .description('add one rule to the current rules (admin): stored as a new version, nothing else changes')
    .requiredOption('--id <id>', 'a new rule id, e.g. plt9.oil_temp')
    .requiredOption('--signal <name>', 'the canonical signal the tag maps to')
    .requiredOption('--unit <unit>', "the raw tag's unit (converted to the signal's unit at ingest)")
    .option('--exact <tag>', 'a raw tag name (repeat for more)', collect)
    .option('--pattern <regex>', 'a regex over raw tag names (anchored, case-insensitive)')
    .option('--site <name>', 'only machines of this site')
    .option('--machine-model <model>', 'only machines of this model')
    .option('--manufacturer <name>', 'only machines of this manufacturer')
    .option('--priority <n>', 'higher wins over lower (default 0)')
    .option('--description <text>', 'why the rule exists')
    .option('--note <text>', 'why the rules changed (kept with the version)')
    .option('--json', 'machine-readable output')
    .action(
      async (opts: {
        id: string;
        signal: string;
        unit: string;
        exact?: string[];
        pattern?: string;
        site?: string;
        machineModel?: string;
        manufacturer?: string;
        priority?: string;
        description?: string;
        note?: string;
        json?: boolean;
      }) => {
        if (!opts.exact?.length && opts.pattern === undefined)
          throw new CliError('a rule needs --exact <tag> (repeatable) or --pattern <regex>', 2, [{ field: 'match', message: 'no --exact or --pattern' }]);
        const scope = Object.fromEntries(
          Object.entries({ site: opts.site, machineModel: opts.machineModel, manufacturer: opts.manufacturer }).filter(([, v]) => v !== undefined),
        );
        const rule = {
          id: opts.id,
          signal: opts.signal,
          unit: opts.unit,
          match: { ...(opts.exact?.length ? { exact: opts.exact } : {}), ...(opts.pattern !== undefined ? { pattern: opts.pattern } : {}) },
          ...(Object.keys(scope).length ? { scope } : {}),
          ...(opts.priority !== undefined ? { priority: numberOption(opts.priority, '--priority') } : {}),
          ...(opts.description !== undefined ? { description: opts.description } : {}),
        };
        const s = await api<RuleSetView>('POST', '/mapping/rules', { rule, note: opts.note });
        print(!!opts.json, s, () => `added rule ${opts.id}: mapping rules v${s.version} (${s.ruleCount} rules, sha256 ${s.sha256.slice(0, 12)}…)`);
      },
    );
  mapping
    .command('import')
    .description('replace the rules with a JSON rule list (admin): an array of rules, or `mapping show --json` output; stored as a new version')
    .argument('<file>')
    .option('--note <text>', 'why the rules changed (kept with the version)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { note?: string; json?: boolean }) => {
      const rules = readRuleFile(file);
      const s = await api<RuleSetView>('PUT', '/mapping/rules', { rules, note: opts.note });
      print(!!opts.json, s, () => `imported ${s.ruleCount} rules from ${file}: mapping rules v${s.version} (sha256 ${s.sha256.slice(0, 12)}…)`);
    });
}
