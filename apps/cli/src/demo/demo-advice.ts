import type { AdviceView } from '@fleetgate/advice';
import { adviceText } from '../advice-format.util';
import { DemoApi } from './demo-http';

interface Users {
  rhea: string;
  mel: string;
  rory: string;
}

/**
 * The machines the pilot model leaves out: ask for adaptation advice (the workers train and
 * evaluate each remedy over them), print it, then promote the recommended variant — through the
 * same gate, with its own evidence run — to exactly the machines it brings into scope.
 */
export async function adviseAndPromote(api: DemoApi, users: Users, runId: string, say: (text: string) => void): Promise<void> {
  let advice = await api.ok<AdviceView>(users.rhea, 'POST', `/evaluations/${runId}/advice`, {});
  while (advice.status !== 'done' && advice.status !== 'failed') {
    await new Promise((r) => setTimeout(r, 1000));
    advice = await api.ok<AdviceView>(users.rhea, 'GET', `/evaluations/${runId}/advice`);
  }
  say(adviceText(advice));
  const best = advice.summary?.remedies.find((r) => r.remedy === advice.summary?.recommended);
  if (!best?.figures || !best.modelVersionId || !best.runId) {
    say('nothing to promote: no remedy brings a left-out machine into scope');
    return;
  }
  say(`\nrequesting promotion of ${best.label} (${best.remedy}) to the ${best.figures.broughtIntoScope.length} machines it brings into scope`);
  const req = await api.ok<{ id: string; outcome: string; ruleResults: Array<{ id: string; outcome: string; detail: string; advisory?: boolean }> }>(
    users.mel,
    'POST',
    '/promotions',
    {
      modelVersionId: best.modelVersionId,
      targetStage: 'production',
      scope: 'assets',
      assetIds: best.figures.broughtIntoScope,
      evidenceRunId: best.runId,
      justification: `adaptation advice for run ${runId}: ${best.remedy}`,
    },
  );
  say(`request ${req.id}: ${req.outcome.toUpperCase()}`);
  for (const r of req.ruleResults) say(`  ${r.outcome.padEnd(21)} ${r.id}: ${r.detail}`);
  const waivers = req.ruleResults
    .filter((r) => r.outcome !== 'pass' && !r.advisory)
    .map((r) => ({ ruleId: r.id, justification: `accepted for the demo: ${r.detail}` }));
  for (const w of waivers) say(`  waiving ${w.ruleId}: ${w.justification}`);
  await api.ok(users.rory, 'POST', `/promotions/${req.id}/approve`, { waivers });
  say('approved by rory');
}
