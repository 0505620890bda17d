import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run); never a browser a test tool downloads. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const ROOT = path.resolve(__dirname, '../..');

/** Builds the console into dist/web unless it is already up to date (the api serves it from there). */
export function buildConsole(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.js'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root Chromium needs --no-sandbox; the rest keep it from calling out at start.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser context (own session storage), signed in through a one-click `#token=` link. */
export async function signedIn(browser: Browser, url: string, token: string, route = '/'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${url}${route}#token=${token}`);
  await page.getByTestId('who').waitFor();
  // Read once and taken out of the address bar (and the history entry).
  if (page.url().includes('token=')) throw new Error(`the token stayed in the URL: ${page.url()}`);
  return page;
}

/** The whole page (or only what the window shows, for the small pictures in the README). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

/**
 * Pixels the plot drew in the series colour (#1f6feb: the mean line and the min–max band)
 * on the first canvas under `selector`; axes and grid are grey and not counted.
 */
export function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)} + ' canvas');
    if (!canvas) return -1;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i + 2] > 180 && data[i] < 120) n++;
    return n;
  })()`);
}
