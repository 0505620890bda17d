/**
 * @jest-environment jsdom
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { VERDICT_COLOUR } from './report-compare';
import { RunSummary } from './run-progress';
import { EvaluationReportPage } from './pages/EvaluationPage';

/**
 * The evaluation report in a DOM: the segment table's Wilson intervals drawn as bars, the BH
 * flag, the verdict map and the comparison with another run. The finished run, its report and
 * its machines are in the query cache beforehand (nothing is fetched, no stream is opened).
 */
const RUN = 'a1b2c3d4-0000-4000-8000-000000000001';
const OTHER = 'e5f6a7b8-0000-4000-8000-000000000002';

const run = (id: string, createdAt: string): RunSummary => ({
  id,
  modelVersionId: 'v-1',
  status: 'completed',
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-03-01T00:00:00.000Z',
  createdBy: 'sam',
  createdAt,
  finishedAt: createdAt,
  progress: { total: 20, done: 20, failed: 0 },
});

// 95 % Wilson intervals (z = 1.959964), as the api reports them:
// p̂ = k/n, centre (p̂ + z²/2n) / (1 + z²/n), half-width z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n).
const WILSON_8_OF_10 = { estimate: 0.8, low: 0.4901624715366418, high: 0.9433178485456247 };
const WILSON_3_OF_4 = { estimate: 0.75, low: 0.3006418425824019, high: 0.9544127391902995 };
const WILSON_2_OF_10 = { estimate: 0.2, low: 0.05668215145437522, high: 0.5098375284633582 };

const report = (assetIds: string[]) => ({
  status: 'completed',
  counts: { machines: 20, evaluated: 20, failed: 0, verdicts: { generalizes: 10, degraded: 8, borderline: 0, 'insufficient-data': 2 } },
  segments: [
    {
      dimension: 'machineModel',
      value: 'P200',
      machines: 12,
      evaluated: 10,
      validated: 8,
      validatedShare: WILSON_8_OF_10,
      recall: { ...WILSON_3_OF_4, detected: 3, failures: 4 },
      medianPsi: 0.08,
      pValue: 0.5,
      flagged: false,
      segmentValidated: true,
    },
    {
      dimension: 'ageBand',
      value: '10y+',
      machines: 10,
      evaluated: 10,
      validated: 2,
      validatedShare: WILSON_2_OF_10,
      recall: null,
      medianPsi: 0.31,
      pValue: 0.004,
      flagged: true,
      segmentValidated: false,
    },
    {
      // p below 0.05 on its own, but not after Benjamini–Hochberg: no flag.
      dimension: 'site',
      value: 'PLT2',
      machines: 10,
      evaluated: 10,
      validated: 8,
      validatedShare: WILSON_8_OF_10,
      recall: null,
      medianPsi: 0.12,
      pValue: 0.03,
      flagged: false,
      segmentValidated: false,
    },
  ],
  validatedScope: { assetIds, excluded: [{ assetId: 'PLT2-P200-0009', verdict: 'degraded', reasons: ['level shift on vibration_rms'] }] },
  failedMachines: [],
});

function MachineProbe() {
  return <h1>machine {useParams().id}</h1>;
}

function renderReport() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(['run', RUN], run(RUN, '2026-03-02T08:00:00.000Z'));
  client.setQueryData(['runs'], [run(RUN, '2026-03-02T08:00:00.000Z'), run(OTHER, '2026-02-20T08:00:00.000Z')]);
  client.setQueryData(['report', RUN], report(['PLT1-P200-0001', 'PLT1-P200-0003']));
  client.setQueryData(['report', OTHER], report(['PLT1-P200-0001', 'PLT1-P200-0002']));
  client.setQueryData(
    ['run-machines', RUN],
    [
      {
        assetId: 'PLT1-P200-0001',
        status: 'done',
        verdict: 'generalizes',
        error: null,
        result: { drift: { features: [{ name: 'vibration_rms', psi: 0.05 }] } },
      },
      { assetId: 'PLT2-P200-0009', status: 'done', verdict: 'degraded', error: null, result: { drift: { features: [{ name: 'vibration_rms', psi: 0.4 }] } } },
    ],
  );
  const view = render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[`/evaluations/${RUN}`]}>
        <Routes>
          <Route path="/evaluations/:id" element={<EvaluationReportPage />} />
          <Route path="/machines/:id" element={<MachineProbe />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...view, client };
}

/** The table row of a segment, and its cells by column name. */
function segmentRow(label: RegExp) {
  const row = screen.getAllByRole('row').find((r) => label.test(r.textContent ?? ''))!;
  const [segment, machines, validatedShare, recall, medianPsi, p, bh] = within(row).getAllByRole('cell');
  return { segment, machines, validatedShare, recall, medianPsi, p, bh };
}

/** Where a bar is drawn on its 0–100 % track: the span's left and width, the point's left. */
function barOf(cell: HTMLElement) {
  const track = cell.querySelector<HTMLElement>('.ibar');
  if (!track) return null;
  const span = track.querySelector<HTMLElement>('.span')!;
  const point = track.querySelector<HTMLElement>('.pt')!;
  return { left: parseFloat(span.style.left), width: parseFloat(span.style.width), point: parseFloat(point.style.left), title: track.title };
}

let client: QueryClient | undefined;
afterEach(() => client?.clear());

describe('evaluation report (jsdom)', () => {
  it('draws each Wilson interval as a bar spanning its bounds, with the estimate marked', () => {
    ({ client } = renderReport());
    const p200 = segmentRow(/machineModel = P200/);
    const share = barOf(p200.validatedShare)!;
    expect(share.left).toBeCloseTo(49.016, 2);
    expect(share.width).toBeCloseTo(94.332 - 49.016, 2);
    expect(share.point).toBeCloseTo(80, 6);
    expect(share.title).toBe('80.0 % (95 % Wilson 49.0 %–94.3 %)');
    expect(p200.validatedShare.textContent).toBe('80 % [49 %–94 %]');
    expect(p200.machines.textContent).toBe('8/10 of 12');

    const recall = barOf(p200.recall)!;
    expect(recall.left).toBeCloseTo(30.064, 2);
    expect(recall.left + recall.width).toBeCloseTo(95.441, 2);
    expect(recall.point).toBeCloseTo(75, 6);
    expect(p200.recall.textContent).toBe('75 % [30 %–95 %] 3/4');

    const old = segmentRow(/ageBand = 10y\+/);
    const low = barOf(old.validatedShare)!;
    expect(low.left).toBeCloseTo(5.668, 2);
    expect(low.left + low.width).toBeCloseTo(50.984, 2);
    expect(low.point).toBeCloseTo(20, 6);
    // No recall (no failures in the segment): a dash, no bar.
    expect(barOf(old.recall)).toBeNull();
    expect(old.recall.textContent).toBe('—');
  });

  it('shows the BH flag on the segment flagged after Benjamini–Hochberg, and only there', () => {
    ({ client } = renderReport());
    const flagged = segmentRow(/ageBand = 10y\+/);
    const badge = flagged.bh.querySelector('.badge');
    expect(badge?.className).toBe('badge fail');
    expect(badge?.textContent).toBe('fail');
    expect(flagged.p.textContent).toBe('0.0040');

    const clean = segmentRow(/machineModel = P200/);
    expect(clean.bh.textContent).toBe('');
    expect(clean.bh.querySelector('.badge')).toBeNull();
    expect(within(clean.segment).getByText('validated').className).toBe('badge validated');

    const notAfterBh = segmentRow(/site = PLT2/);
    expect(notAfterBh.p.textContent).toBe('0.030');
    expect(notAfterBh.bh.textContent).toBe('');
    expect(document.querySelectorAll('td .badge.fail')).toHaveLength(1);
  });

  it('colours the verdict map by verdict and opens a machine from it', () => {
    ({ client } = renderReport());
    const tile = screen.getByRole('link', { name: 'PLT2-P200-0009' });
    expect(tile.dataset.verdict).toBe('degraded');
    expect(tile.style.background).toBe('rgb(214, 69, 69)');
    expect(VERDICT_COLOUR.degraded).toBe('#d64545');
    fireEvent.click(tile);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('machine PLT2-P200-0009');
  });

  it('compares the validated scope with another run chosen from the list', () => {
    ({ client } = renderReport());
    const select = screen.getByRole('combobox', { name: 'compare with' });
    // Only the other finished run is offered.
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => (o as HTMLOptionElement).value),
    ).toEqual(['', OTHER]);
    fireEvent.change(select, { target: { value: OTHER } });
    expect(screen.getByText(/^From e5f6a7b8 to this run:/).textContent).toBe(
      'From e5f6a7b8 to this run: 1 kept, 1 added (PLT1-P200-0003), 1 lost (PLT1-P200-0002).',
    );
  });
});
