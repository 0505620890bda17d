import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { ok, registerModel, RunView, waitForRun } from '../evaluation/evaluation-api.util';
import { childEnv, WorkerProcess } from '../evaluation/processes.util';
import { SimFleet, simulateAndTrain } from '../evaluation/sim-fleet.util';
import { buildConsole, launchChromium, paintedPixels, screenshot, signedIn } from './browser.util';

/**
 * The console in a real browser (Debian's Chromium through playwright-core) against the real
 * api (in process, serving the built console at /), a worker process, PostgreSQL and Redis,
 * on one small simulated fleet shared by the three users' stories.
 */
const MACHINES = 20;
const DAYS = 20;
const SEED = 41;

jest.setTimeout(600_000);

interface CoverageView {
  machines: Array<{ assetId: string; site: string; status: 'covered' | 'suspended' | 'not-covered' }>;
}
interface PromotionView {
  id: string;
  status: string;
  outcome: string;
  blocking: string[];
}

describe('web console (browser e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  let fleet: SimFleet;
  let browser: Browser;
  let version: { id: string; version: number };
  let run: RunView;
  let fleetWide: PromotionView;
  const pages: Page[] = [];

  const open = async (token: string, route: string) => {
    const page = await signedIn(browser, api.url, token, route);
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    buildConsole();
    env = isolatedEnv();
    api = await startApi({ env });
    const procEnv = childEnv(env);
    fleet = await simulateAndTrain(env, procEnv, { machines: MACHINES, days: DAYS, seed: SEED });
    worker = new WorkerProcess({ ...procEnv, WORKER_CONCURRENCY: '2' });
    await worker.waitUntilStarted();
    version = await registerModel(api.url, api.tokens.mle, fleet.modelDir);
    const started = await ok<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', { modelVersionId: version.id, lookback: `${DAYS}d` });
    run = await waitForRun(api.url, api.tokens.rel, started.id);
    // A policy this small fleet can meet (20 days hold too few labelled failures for the
    // default's recall rules): the fleet still fails it where the model does not generalize.
    await ok(api.url, api.tokens.rel, 'POST', '/gate/policies', {
      name: 'console',
      maxEvidenceAgeHours: 720,
      rules: [
        { id: 'evaluated', kind: 'evaluated-share', threshold: 0.9 },
        { id: 'in-envelope', kind: 'generalizes-share', threshold: 0.9 },
        { id: 'segment-size', kind: 'min-machines-per-segment', threshold: 1, dimension: 'machineModel' },
      ],
    });
    await ok(api.url, api.tokens.rel2, 'POST', '/gate/policies/console/versions/1/approve', {});
    fleetWide = await ok<PromotionView>(api.url, api.tokens.mle, 'POST', '/promotions', {
      policy: 'console',
      modelVersionId: version.id,
      targetStage: 'production',
      scope: 'fleet',
      evidenceRunId: run.id,
      justification: 'the whole fleet, please',
    });
    browser = await launchChromium();
  }, 900_000);

  afterAll(async () => {
    for (const p of pages) await p.context().close();
    await browser?.close();
    await worker?.stop();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('serves the console at / and its client routes, and leaves /api to the api', async () => {
    // A browser navigation asks for HTML; a scraper or script asking for anything else gets the api's 404.
    const page = await fetch(`${api.url}/machines/PLT1-X5-0001`, { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect((await fetch(`${api.url}/machines/PLT1-X5-0001`)).status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');
    const missing = await fetch(`${api.url}/api/no-such-route`, { headers: { authorization: `Bearer ${api.tokens.pm}` } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
  });

  it('a plant manager signs in, sees only their site’s machines, and a machine’s plot draws its data', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${api.url}/`);
    // A wrong token is refused with the api's message, on the sign-in page.
    await page.getByLabel('api token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/HTTP 401/);
    await page.getByLabel('api token').fill(api.tokens.pm);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.tile').first().waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('plant-manager');

    const shown = await page.locator('.tile').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-asset')));
    const all = await ok<CoverageView>(api.url, api.tokens.admin, 'GET', '/fleet/coverage');
    const theirs = all.machines.filter((m) => m.site === 'PLT1').map((m) => m.assetId);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.length).toBeLessThan(all.machines.length);
    expect([...shown].sort()).toEqual([...theirs].sort());
    expect(await page.locator('section[data-site]').evaluateAll((s) => s.map((x) => x.getAttribute('data-site')))).toEqual(['PLT1']);
    await screenshot(page, 'fleet-plant-manager');

    await page.locator(`.tile[data-asset="${theirs[0]}"]`).click();
    await page.waitForURL(`**/machines/${theirs[0]}`);
    await page.locator('.plot canvas').first().waitFor();
    expect(await paintedPixels(page, '.plot')).toBeGreaterThan(500);
    expect(await page.locator('.plot').count()).toBeGreaterThan(3);
    await screenshot(page, 'machine');

    // A machine of another site is not theirs: the api's refusal is shown, not a blank page.
    const other = all.machines.find((m) => m.site !== 'PLT1')!.assetId;
    await page.goto(`${api.url}/machines/${other}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(other);
  });

  it('reliability engineers: a failing fleet-wide request is refused, the validated scope is requested and approved by a second engineer', async () => {
    expect(fleetWide.status).toBe('pending');
    expect(fleetWide.blocking.length).toBeGreaterThan(0);
    const page = await open(api.tokens.rel, '/promotions');
    await page.locator(`a[href="/promotions/${fleetWide.id}"]`).click();
    const failing = page.locator(`tr[data-rule="${fleetWide.blocking[0]}"]`);
    await failing.waitFor();
    expect(await failing.getAttribute('data-outcome')).not.toBe('pass');
    await screenshot(page, 'promotion-failing');

    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('rules not passed and not waived');
    expect((await ok<PromotionView>(api.url, api.tokens.rel, 'GET', `/promotions/${fleetWide.id}`)).status).toBe('pending');

    await page.getByLabel('justification').fill('only where the evaluation validated it');
    await page.getByRole('button', { name: 'Request validated scope' }).click();
    await page.waitForURL((u) => /\/promotions\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(fleetWide.id));
    const scopedId = page.url().split('/').pop()!;
    await page.getByText('validated-scope').first().waitFor();

    // The requester cannot approve their own request: separation of duties, shown as the api says it.
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('requested this promotion and cannot approve it');

    const second = await open(api.tokens.rel2, `/promotions/${scopedId}`);
    await second.getByRole('button', { name: 'Approve', exact: true }).click();
    await second.locator('.badge.approved, [role="alert"]').first().waitFor();
    expect(await second.getByRole('alert').allTextContents()).toEqual([]);
    await second.locator('.badge.approved').first().waitFor();
    expect((await ok<PromotionView>(api.url, api.tokens.rel2, 'GET', `/promotions/${scopedId}`)).status).toBe('approved');
    await screenshot(second, 'promotion-approved');

    await second.goto(`${api.url}/fleet`);
    await second.locator('.tile').first().waitFor();
    // Tiles are coloured by health where the api judges it; their coverage is the coverage endpoint's.
    const tiles = await second.locator('.tile').evaluateAll((ts) => ts.map((t) => [t.getAttribute('data-asset'), t.getAttribute('data-coverage')]));
    const coverage = await ok<CoverageView>(api.url, api.tokens.rel2, 'GET', '/fleet/coverage');
    expect(Object.fromEntries(tiles)).toEqual(Object.fromEntries(coverage.machines.map((m) => [m.assetId, m.status])));
    const states = new Set(tiles.map(([, s]) => s));
    expect(states.has('covered')).toBe(true);
    expect(states.has('not-covered')).toBe(true);
    await screenshot(second, 'fleet-coverage');

    // One scoring round over the new deployment, for the pictures of health states (not asserted:
    // test/scoring owns scoring); the page is drawn after the round or after a minute, whichever is first.
    await ok(api.url, api.tokens.rel2, 'POST', '/scoring/rounds', {});
    for (let i = 0; i < 120; i++) {
      const health = await ok<{ machines: Array<{ state: string; production: unknown[] }> }>(api.url, api.tokens.rel2, 'GET', '/fleet/health');
      if (health.machines.every((m) => m.production.length === 0 || m.state !== 'no-data')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await second.reload();
    await second.locator('.tile').first().waitFor();
    await screenshot(second, 'fleet-health');
    const served = coverage.machines.find((m) => m.status === 'covered')!.assetId;
    await second.goto(`${api.url}/machines/${served}`);
    await second.locator('.plot canvas').first().waitFor();
    await screenshot(second, 'machine-served');

    await second.goto(`${api.url}/evaluations/${run.id}`);
    await second.locator('[data-testid="validated-count"]').waitFor();
    await second.locator('.tile[data-verdict]').first().waitFor();
    await screenshot(second, 'evaluation-report');
    await screenshot(second, 'evaluation-report-top', false);

    // The audit trail holds both decisions' history, and the chain verifies.
    await second.goto(`${api.url}/audit`);
    await second.getByTestId('chain-status').waitFor();
    expect(await second.getByTestId('chain-status').textContent()).toContain(', unbroken');
    await second.getByLabel('action filter').fill('promotion.approved');
    await second.locator('td', { hasText: 'promotion.approved' }).first().waitFor();
    expect(await second.locator('tbody tr').count()).toBe(1);
    await screenshot(second, 'audit');
  });

  it('an ML engineer uploads a model, starts an evaluation and watches it reach 100 %', async () => {
    const dir = path.join(env.FLEETGATE_DATA_DIR, 'upload');
    fs.mkdirSync(dir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(fleet.modelDir, 'fleetgate.model.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'fleetgate.model.json'), JSON.stringify({ ...manifest, name: 'pump-anomaly-console' }));
    fs.copyFileSync(path.join(fleet.modelDir, 'model.onnx'), path.join(dir, 'model.onnx'));

    const page = await open(api.tokens.mle, '/models');
    await page.locator('input[name="model"]').setInputFiles(path.join(dir, 'model.onnx'));
    await page.locator('input[name="manifest"]').setInputFiles(path.join(dir, 'fleetgate.model.json'));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Registered pump-anomaly-console v1').waitFor();
    await page.getByTestId('version-detail').waitFor();
    await screenshot(page, 'models');

    await page.getByLabel('look-back').fill(`${DAYS}d`);
    await page.getByRole('button', { name: 'Start evaluation' }).click();
    await page.getByTestId('run-progress').waitFor();
    // Every text the progress bar showed, sampled in the page, until it reads 100 %.
    await page.waitForFunction(
      `(() => {
        const text = document.querySelector('[data-testid="progress-text"]')?.textContent ?? '';
        window.seen = [...(window.seen ?? []), text];
        return text.startsWith('100 %');
      })()`,
      undefined,
      { timeout: 300_000, polling: 100 },
    );
    const seen = (await page.evaluate('window.seen')) as string[];
    expect(seen[seen.length - 1]).toMatch(/^100 % \(20\/20\)/);
    await page.locator('.badge.completed, .badge.partial').first().waitFor();
    await screenshot(page, 'evaluation-progress');
  });
});
