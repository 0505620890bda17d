import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { ApiError } from './api';
import { CoverageMachine, STATE_COLOUR } from './fleet-state';
import { ErrorBox, ProgressBar, Time } from './components/ui';
import { FleetPage } from './pages/FleetPage';

/**
 * The console's components rendered to markup (react-dom/server in node: what the browser
 * would first draw), with the data already in the query cache as the api would answer it.
 */
const machine = (assetId: string, site: string, line: string, status: CoverageMachine['status'], model: string): CoverageMachine => ({
  assetId,
  site,
  line,
  machineModel: model,
  ageBand: '0-5y',
  status,
  suspendedReason: null,
  notCoveredBy: status === 'not-covered' ? ['pump-anomaly'] : [],
  production: status === 'covered' ? [{ model: 'pump-anomaly', version: 1 }] : [],
});

function renderFleet(url: string, health: unknown = null): string {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(['coverage'], {
    models: ['pump-anomaly'],
    totals: { machines: 3, covered: 1, notCovered: 2 },
    machines: [
      machine('PLT1-P200-0001', 'PLT1', 'L1', 'covered', 'P200'),
      machine('PLT1-X5-0002', 'PLT1', 'L2', 'not-covered', 'X5'),
      machine('PLT2-P200-0003', 'PLT2', 'L1', 'not-covered', 'P200'),
    ],
  });
  client.setQueryData(['fleet-health'], health);
  return renderToStaticMarkup(createElement(QueryClientProvider, { client }, createElement(MemoryRouter, { initialEntries: [url] }, createElement(FleetPage))));
}

const tiles = (html: string) =>
  [...html.matchAll(/data-asset="([^"]+)" data-state="([^"]+)" data-coverage="([^"]+)"[^>]*style="background:([^;]+);/g)].map((m) => m.slice(1));

describe('fleet page', () => {
  it('draws a tile per machine, grouped by site, coloured by coverage without health', () => {
    const html = renderFleet('/fleet');
    expect(tiles(html)).toEqual([
      ['PLT1-P200-0001', 'covered', 'covered', STATE_COLOUR.covered],
      ['PLT1-X5-0002', 'not-covered', 'not-covered', STATE_COLOUR['not-covered']],
      ['PLT2-P200-0003', 'not-covered', 'not-covered', STATE_COLOUR['not-covered']],
    ]);
    expect(html).toContain('3 of 3 machines');
    expect(html).toMatch(/data-testid="counts-PLT1">2 machines · 1 not covered · 1 covered/);
  });

  it('applies the filters in the address (model, state) and says what to do when nothing matches', () => {
    expect(tiles(renderFleet('/fleet?model=P200')).map((t) => t[0])).toEqual(['PLT1-P200-0001', 'PLT2-P200-0003']);
    expect(tiles(renderFleet('/fleet?model=P200&state=covered')).map((t) => t[0])).toEqual(['PLT1-P200-0001']);
    const none = renderFleet('/fleet?model=X5&state=covered');
    expect(tiles(none)).toEqual([]);
    expect(none).toContain('No machine matches these filters');
  });

  it('colours by health where the api judges it, keeping the coverage beside', () => {
    const html = renderFleet('/fleet', [{ assetId: 'PLT1-P200-0001', state: 'alarm', reason: '2 windows beyond the threshold' }]);
    expect(tiles(html)[0]).toEqual(['PLT1-P200-0001', 'alarm', 'covered', STATE_COLOUR.alarm]);
  });
});

describe('ui pieces', () => {
  it('shows a progress bar with its share and counts', () => {
    const html = renderToStaticMarkup(createElement(ProgressBar, { done: 5, total: 20 }));
    expect(html).toContain('aria-valuenow="25"');
    expect(html).toContain('width:25%');
    expect(html).toContain('25 % (5/20)');
    expect(renderToStaticMarkup(createElement(ProgressBar, { done: 0, total: 0 }))).toContain('0 % (0/0)');
  });

  it('shows an api error as its message, status and code', () => {
    const html = renderToStaticMarkup(
      createElement(ErrorBox, { error: new ApiError(403, 'sam requested this promotion and cannot approve it', 'GATE_SELF_APPROVAL') }),
    );
    expect(html).toBe('<div class="error" role="alert">sam requested this promotion and cannot approve it (HTTP 403, GATE_SELF_APPROVAL)</div>');
  });

  it('shows a time in UTC with the local time beside it', () => {
    expect(renderToStaticMarkup(createElement(Time, { t: Date.UTC(2026, 2, 1, 14, 5) }))).toContain('2026-03-01 14:05 UTC');
  });
});
