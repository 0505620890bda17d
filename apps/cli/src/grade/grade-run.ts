import * as fs from 'node:fs';
import { FleetTruth, gradeScope, ResultToGrade, ScopeGrade } from '@fleetgate/simulator';
import { CliError } from '../cli-context';

/** GET through whichever client the caller has (the CLI's token, or one of the demo's users). */
export type ApiGet = <T>(path: string) => Promise<T>;

interface RunView {
  id: string;
  status: string;
  from: string;
  to: string;
}

interface MachinePage {
  total: number;
  items: Array<{
    assetId: string;
    status: string;
    verdict: string | null;
    result: { timeline?: ResultToGrade['timeline']; output?: { pilotAlarmRate: number | null } } | null;
  }>;
}

/** The truth file of `simulate --truth`; bad input names the file and what is wrong with it. */
export function readTruth(file: string): FleetTruth {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`--truth: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 2);
  }
  let truth: FleetTruth;
  try {
    truth = JSON.parse(text) as FleetTruth;
  } catch (error) {
    throw new CliError(`--truth: ${file} is not JSON (${(error as Error).message})`, 2);
  }
  if (!truth || !Array.isArray(truth.machines) || truth.machines.some((m) => typeof m?.assetId !== 'string' || !Array.isArray(m.failures)))
    throw new CliError(`--truth: ${file} is not a truth file of \`fleetgate simulate --truth\` (no machines with assetId and failures)`, 2);
  return truth;
}

/**
 * A finished run's validated scope and every machine's stored alarms, graded against the truth.
 * Placement: in the report's validated scope, `borderline` by verdict, kept out otherwise. The
 * version's training machines (verdict `training`) are not graded: the evaluation made no claim
 * about them, so they are returned apart (`training`) and count in no figure.
 */
export async function gradeRun(get: ApiGet, runId: string, truth: FleetTruth): Promise<{ run: RunView; grade: ScopeGrade; training: string[] }> {
  const run = await get<RunView>(`/evaluations/${encodeURIComponent(runId)}`);
  const report = await get<{ validatedScope: { assetIds: string[] } }>(`/evaluations/${encodeURIComponent(runId)}/report`);
  const inScope = new Set(report.validatedScope.assetIds);
  const items: MachinePage['items'] = [];
  for (;;) {
    const page = await get<MachinePage>(`/evaluations/${encodeURIComponent(runId)}/machines?offset=${items.length}&limit=1000`);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) break;
  }
  const training = items.filter((m) => m.verdict === 'training').map((m) => m.assetId);
  const results: ResultToGrade[] = items
    .filter((m) => m.verdict !== 'training')
    .map((m) => ({
      assetId: m.assetId,
      placement: inScope.has(m.assetId) ? 'in-scope' : m.verdict === 'borderline' ? 'borderline' : 'kept-out',
      verdict: m.status === 'failed' ? 'failed' : (m.verdict ?? m.status),
      timeline: m.result?.timeline ?? null,
      pilotAlarmRate: m.result?.output?.pilotAlarmRate ?? null,
    }));
  if (results.length && results.every((r) => r.timeline === null))
    throw new CliError(`run ${runId} stored no alarm timelines (evaluated before they were kept): evaluate again to grade it`, 2);
  try {
    return { run, grade: gradeScope(truth, results, { fromMs: Date.parse(run.from), toMs: Date.parse(run.to) }), training };
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`--truth: ${error.message}`, 2);
    throw error;
  }
}
