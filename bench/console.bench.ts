import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from './bench-env.util';
import { status, TableRow, Target } from './report.util';

const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'http://console.bench';

export type ConsoleOutcome =
  | { ran: true; result: { jsBytes: number; jsGzipBytes: number; tiles: number; fleetPageMs: number } }
  | { ran: false; reason: string; jsGzipBytes: number | null };

/** A coverage answer for `n` machines over 3 sites × 4 lines, about a third covered. */
function coverageOf(n: number): unknown {
  const models = ['P200', 'P300', 'K10', 'X5'];
  const bands = ['0-5y', '5-10y', '10-15y', '15-20y', '20y+'];
  const machines = Array.from({ length: n }, (_, i) => {
    const site = `PLT${(i % 3) + 1}`;
    const status = i % 3 === 0 ? 'covered' : i % 17 === 0 ? 'suspended' : 'not-covered';
    return {
      assetId: `${site}-${models[i % 4]}-${String(i + 1).padStart(4, '0')}`,
      site,
      line: `L${(i % 4) + 1}`,
      machineModel: models[i % 4],
      ageBand: bands[i % 5],
      covered: status === 'covered',
      status,
      suspendedReason: status === 'suspended' ? 'guard breached' : null,
      production: status === 'covered' ? [{ model: 'pump-anomaly', version: 1 }] : [],
      notCoveredBy: status === 'not-covered' ? ['pump-anomaly'] : [],
    };
  });
  return { models: ['pump-anomaly'], totals: { machines: n, covered: 0, notCovered: 0 }, machines };
}

/**
 * The console's weight (gzipped JavaScript of the build) and how long the fleet page takes to
 * show `n` tiles in Chromium, from navigation to the last tile, with the api answered in the
 * page (so the figure is the console's own work, not the database's).
 */
export async function runConsoleBench(n: number): Promise<ConsoleOutcome> {
  const web = path.join(REPO_ROOT, 'dist', 'web');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-web.js'), '--quiet'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const assets = path.join(web, 'assets');
  const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
  const jsBytes = js.reduce((sum, f) => sum + fs.statSync(path.join(assets, f)).size, 0);
  const jsGzipBytes = js.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
  if (!fs.existsSync(CHROMIUM)) return { ran: false, reason: `${CHROMIUM} is missing (apt-get install -y chromium)`, jsGzipBytes };

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const coverage = JSON.stringify(coverageOf(n));
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      const json = (status: number, body: string) => route.fulfill({ status, contentType: 'application/json', body });
      if (url.pathname === '/api/users/me')
        return json(200, JSON.stringify({ id: 'bench', name: 'bench', role: 'plant-manager', sites: ['PLT1', 'PLT2', 'PLT3'] }));
      if (url.pathname === '/api/fleet/coverage') return json(200, coverage);
      if (url.pathname.startsWith('/api/')) return json(404, JSON.stringify({ statusCode: 404, message: 'not in the bench' }));
      const file = path.join(web, url.pathname);
      const found = url.pathname !== '/' && fs.existsSync(file) && fs.statSync(file).isFile();
      return route.fulfill({ path: found ? file : path.join(web, 'index.html') });
    });
    await page.goto(`${ORIGIN}/fleet#token=bench`);
    await page.waitForFunction(`document.querySelectorAll('.tile').length >= ${n}`, undefined, { timeout: 60_000, polling: 'raf' });
    const fleetPageMs = (await page.evaluate('performance.now()')) as number;
    const tiles = (await page.evaluate(`document.querySelectorAll('.tile').length`)) as number;
    return { ran: true, result: { jsBytes, jsGzipBytes, tiles, fleetPageMs } };
  } finally {
    await browser.close();
  }
}

export function consoleRows(outcome: ConsoleOutcome): TableRow[] {
  const gz = outcome.ran ? outcome.result.jsGzipBytes : outcome.jsGzipBytes;
  const rows: TableRow[] = gz === null ? [] : [{ figure: 'console JavaScript (gzipped)', unit: 'KiB', fleetgate: gz / 1024 }];
  if (outcome.ran)
    rows.push({
      figure: `console fleet page, ${outcome.result.tiles} tiles, navigation → last tile (Chromium)`,
      unit: 'ms',
      fleetgate: outcome.result.fleetPageMs,
    });
  return rows;
}

export function consoleTargets(outcome: ConsoleOutcome, n: number): Target[] {
  const gz = outcome.ran ? outcome.result.jsGzipBytes : outcome.jsGzipBytes;
  return [
    {
      target: 'console JavaScript ≤ 400 KB gzipped',
      value: gz === null ? 'not built' : `${(gz / 1000).toFixed(0)} KB`,
      status: status(gz !== null, gz !== null && gz <= 400_000),
    },
    {
      target: `fleet page with ${n} tiles renders in Chromium ≤ 1 s`,
      value: outcome.ran ? `${(outcome.result.fleetPageMs / 1000).toFixed(2)} s` : `skipped: ${outcome.reason}`,
      status: status(outcome.ran, outcome.ran && outcome.result.fleetPageMs <= 1000),
    },
  ];
}
