/**
 * @jest-environment jsdom
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation, useParams } from 'react-router';
import { CoverageMachine, HealthMachine, STATE_COLOUR, STATE_LABEL, textColour, TileState } from './fleet-state';
import { FleetPage } from './pages/FleetPage';
import { coverageMachine } from './coverage.fixture';

/**
 * The fleet page as a user meets it in a DOM: tiles coloured by health state, filters chosen
 * from the selects, counts per site, and a click on a tile. The api's answers are put in the
 * query cache beforehand (nothing is fetched).
 */

/** One machine per health state over two sites, two models and three age bands. */
const COVERAGE: CoverageMachine[] = [
  coverageMachine('PLT1-P200-0001', 'PLT1', 'L1', 'covered', 'P200', '0-5y'),
  coverageMachine('PLT1-P200-0002', 'PLT1', 'L1', 'covered', 'P200', '5-10y'),
  coverageMachine('PLT1-X5-0003', 'PLT1', 'L2', 'covered', 'X5', '5-10y'),
  coverageMachine('PLT2-P200-0004', 'PLT2', 'L1', 'covered', 'P200', '0-5y'),
  coverageMachine('PLT2-X5-0005', 'PLT2', 'L1', 'suspended', 'X5', '0-5y'),
  coverageMachine('PLT2-P200-0006', 'PLT2', 'L2', 'not-covered', 'P200', '10y+'),
];
const HEALTH: HealthMachine[] = [
  { assetId: 'PLT1-P200-0001', state: 'ok', reason: 'scores below the threshold' },
  { assetId: 'PLT1-P200-0002', state: 'watch', reason: '1 window beyond the threshold' },
  { assetId: 'PLT1-X5-0003', state: 'alarm', reason: '3 windows beyond the threshold' },
  { assetId: 'PLT2-P200-0004', state: 'no-data', reason: 'no data for 6 h' },
  { assetId: 'PLT2-X5-0005', state: 'suspended', reason: 'guard breached' },
  { assetId: 'PLT2-P200-0006', state: 'not-covered', reason: 'no production deployment serves this machine' },
];

/** What the current address is, so a test can read where a click or a filter led. */
function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname + location.search}</output>;
}

function MachineProbe() {
  return <h1>machine {useParams().id}</h1>;
}

function renderFleet(health: HealthMachine[] | null = HEALTH, url = '/fleet') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(['coverage'], { models: ['pump-anomaly'], totals: { machines: COVERAGE.length, covered: 4, notCovered: 1 }, machines: COVERAGE });
  client.setQueryData(['fleet-health'], health);
  const view = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/fleet" element={<FleetPage />} />
          <Route path="/machines/:id" element={<MachineProbe />} />
        </Routes>
        <Where />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, client };
}

/** The CSS colour jsdom reports for a hex colour (it normalises `#rrggbb` to `rgb(r, g, b)`). */
const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

const tileLinks = (): HTMLAnchorElement[] => Array.from(document.querySelectorAll<HTMLAnchorElement>('a.tile'));
const visibleAssets = () => tileLinks().map((a) => a.dataset.asset);
const tileOf = (assetId: string) => document.querySelector<HTMLAnchorElement>(`a.tile[data-asset="${assetId}"]`)!;
const choose = (label: string, value: string) => fireEvent.change(screen.getByRole('combobox', { name: label }), { target: { value } });

let client: QueryClient | undefined;
afterEach(() => client?.clear());

describe('fleet page (jsdom)', () => {
  it('colours each tile by its health state, with its label and reason, as the user sees it', () => {
    ({ client } = renderFleet());
    const expected: Array<[string, TileState]> = [
      ['PLT1-P200-0001', 'ok'],
      ['PLT1-P200-0002', 'watch'],
      ['PLT1-X5-0003', 'alarm'],
      ['PLT2-P200-0004', 'no-data'],
      ['PLT2-X5-0005', 'suspended'],
      ['PLT2-P200-0006', 'not-covered'],
    ];
    expect(visibleAssets()).toEqual(expected.map(([a]) => a));
    for (const [assetId, state] of expected) {
      const tile = tileOf(assetId);
      expect({ assetId, state: tile.dataset.state, background: tile.style.background, color: tile.style.color, text: tile.textContent }).toEqual({
        assetId,
        state,
        background: rgb(STATE_COLOUR[state]),
        color: rgb(textColour(state)),
        text: `${assetId}${COVERAGE.find((m) => m.assetId === assetId)!.machineModel} · ${STATE_LABEL[state]}`,
      });
      expect(tile.title).toContain(HEALTH.find((h) => h.assetId === assetId)!.reason!);
    }
    // Six states, six different colours: alarm is not watch, no data is not ok.
    expect(new Set(tileLinks().map((a) => a.style.background)).size).toBe(6);
    // The legend names exactly the states on the page, worst first.
    const legend = Array.from(document.querySelectorAll('.legend')).map((l) => l.textContent);
    expect(legend).toEqual(['alarm', 'watch', 'no data', 'suspended', 'not covered', 'ok']);
    expect(screen.getByText('Coloured by health state (latest scoring round).')).toBeTruthy();
  });

  it('never shows a not-covered machine as healthy, with health or with coverage alone', () => {
    const first = renderFleet();
    const withHealth = tileOf('PLT2-P200-0006');
    expect(withHealth.dataset.state).toBe('not-covered');
    expect(withHealth.style.background).not.toBe(rgb(STATE_COLOUR.ok));
    expect(withHealth.style.background).toBe(rgb(STATE_COLOUR['not-covered']));
    expect(withHealth.textContent).toContain('not covered');
    expect(withHealth.textContent).not.toMatch(/· ok$/);
    first.unmount();
    first.client.clear();

    // An api without health: tiles are coloured by coverage; the uncovered one stays grey.
    ({ client } = renderFleet(null));
    expect(screen.getByText('Coloured by coverage: which machines a production model serves.')).toBeTruthy();
    const alone = tileOf('PLT2-P200-0006');
    expect(alone.dataset.state).toBe('not-covered');
    expect(alone.style.background).toBe(rgb(STATE_COLOUR['not-covered']));
    expect(alone.style.background).not.toBe(rgb(STATE_COLOUR.covered));
    expect(alone.title).toContain('not covered by pump-anomaly');
    expect(tileOf('PLT2-X5-0005').style.background).toBe(rgb(STATE_COLOUR.suspended));
    expect(tileOf('PLT1-P200-0001').dataset.state).toBe('covered');
  });

  it('counts the machines per site by state', () => {
    ({ client } = renderFleet());
    expect(screen.getByTestId('counts-PLT1').textContent).toBe('3 machines · 1 alarm · 1 watch · 1 ok');
    expect(screen.getByTestId('counts-PLT2').textContent).toBe('3 machines · 1 no data · 1 suspended · 1 not covered');
    expect(screen.getByText('6 of 6 machines')).toBeTruthy();
    // Tiles sit under their site and line.
    const plt1 = document.querySelector('section[data-site="PLT1"]') as HTMLElement;
    expect(
      within(plt1)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Line L1', 'Line L2']);
    expect(
      within(plt1)
        .getAllByRole('link')
        .map((a) => a.dataset.asset),
    ).toEqual(['PLT1-P200-0001', 'PLT1-P200-0002', 'PLT1-X5-0003']);
  });

  it('changes the visible tiles, the counts per site and the address as the model, age band and state filters are chosen', () => {
    ({ client } = renderFleet());
    // The selects offer what the fleet has.
    const options = (label: string) =>
      within(screen.getByRole('combobox', { name: label }))
        .getAllByRole('option')
        .map((o) => o.textContent);
    expect(options('model')).toEqual(['all', 'P200', 'X5']);
    expect(options('age band')).toEqual(['all', '0-5y', '10y+', '5-10y']);
    expect(options('state')).toEqual(['all', 'alarm', 'watch', 'no data', 'suspended', 'not covered', 'ok']);

    choose('model', 'X5');
    expect(visibleAssets()).toEqual(['PLT1-X5-0003', 'PLT2-X5-0005']);
    expect(screen.getByTestId('counts-PLT1').textContent).toBe('1 machines · 1 alarm');
    expect(screen.getByTestId('counts-PLT2').textContent).toBe('1 machines · 1 suspended');
    expect(screen.getByText('2 of 6 machines')).toBeTruthy();
    expect(screen.getByTestId('where').textContent).toBe('/fleet?model=X5');

    choose('age band', '5-10y');
    expect(visibleAssets()).toEqual(['PLT1-X5-0003']);
    expect(screen.queryByTestId('counts-PLT2')).toBeNull();
    expect(screen.getByTestId('where').textContent).toBe('/fleet?model=X5&age=5-10y');

    choose('model', '');
    expect(visibleAssets()).toEqual(['PLT1-P200-0002', 'PLT1-X5-0003']);
    expect(screen.getByTestId('counts-PLT1').textContent).toBe('2 machines · 1 alarm · 1 watch');

    choose('state', 'watch');
    expect(visibleAssets()).toEqual(['PLT1-P200-0002']);
    expect(screen.getByTestId('where').textContent).toBe('/fleet?age=5-10y&state=watch');

    choose('state', 'no-data');
    expect(visibleAssets()).toEqual([]);
    expect(screen.getByText('No machine matches these filters. Clear a filter to see more.')).toBeTruthy();
    expect(screen.getByText('0 of 6 machines')).toBeTruthy();

    choose('age band', '');
    expect(visibleAssets()).toEqual(['PLT2-P200-0004']);
    expect(screen.getByTestId('counts-PLT2').textContent).toBe('1 machines · 1 no data');

    choose('state', '');
    expect(visibleAssets()).toHaveLength(6);
    expect(screen.getByTestId('where').textContent).toBe('/fleet');
  });

  it('starts from the filters in the address and shows them as chosen', () => {
    ({ client } = renderFleet(HEALTH, '/fleet?model=P200&state=not-covered'));
    expect(visibleAssets()).toEqual(['PLT2-P200-0006']);
    expect((screen.getByRole('combobox', { name: 'model' }) as HTMLSelectElement).value).toBe('P200');
    expect((screen.getByRole('combobox', { name: 'state' }) as HTMLSelectElement).value).toBe('not-covered');
  });

  it('opens the machine when its tile is clicked', () => {
    ({ client } = renderFleet());
    choose('state', 'alarm');
    fireEvent.click(screen.getByRole('link', { name: /PLT1-X5-0003/ }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('machine PLT1-X5-0003');
    expect(screen.getByTestId('where').textContent).toBe('/machines/PLT1-X5-0003');
    expect(tileLinks()).toEqual([]);
  });
});
