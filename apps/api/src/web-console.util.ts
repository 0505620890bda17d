import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Where the built console (apps/web → dist/web) is: beside the compiled api in dist, or in
 * dist when the api runs from its TypeScript sources (tests). Null when it was never built.
 */
export function webConsoleDir(): string | null {
  const candidates = [path.resolve(__dirname, '../../../web'), path.resolve(__dirname, '../../../dist/web')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * A browser navigation to a client route (not /api, not a file): answered with the console's
 * index.html. Only a request that asks for HTML is one — a scraper or script asking any other path
 * (Prometheus at /metrics, curl) gets the api's 404, not a page that looks like a success.
 */
export function isConsoleRoute(method: string | undefined, url: string | undefined, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (!(accept ?? '').includes('text/html')) return false;
  const pathname = (url ?? '/').split('?')[0];
  if (pathname === '/api' || pathname.startsWith('/api/')) return false;
  return !path.posix.basename(pathname).includes('.');
}

/**
 * Serves the console at / (static files, then index.html for client routes such as
 * /machines/PLT1-0001); everything under /api stays the api's, including its 404s.
 */
export function serveWebConsole(app: NestExpressApplication): string | null {
  const dir = webConsoleDir();
  if (!dir) return null;
  const index = path.join(dir, 'index.html');
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!isConsoleRoute(req.method, req.url, req.headers.accept)) return next();
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    fs.createReadStream(index).pipe(res);
  });
  return dir;
}
