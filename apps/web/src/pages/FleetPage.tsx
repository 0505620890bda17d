import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../api';
import { useSession } from '../auth';
import {
  CoverageMachine,
  filterTiles,
  groupBySite,
  HealthMachine,
  optionsOf,
  STATE_COLOUR,
  STATE_LABEL,
  textColour,
  TILE_STATES,
  TileState,
  tilesOf,
} from '../fleet-state';
import { Empty, ErrorBox, Loading } from '../components/ui';

interface Coverage {
  models: string[];
  totals: { machines: number; covered: number; notCovered: number };
  machines: CoverageMachine[];
}

/** Health per machine when the api judges it; null (colour by coverage) on an api without health. */
async function fleetHealth(): Promise<HealthMachine[] | null> {
  try {
    const body = await api<{ machines?: HealthMachine[]; items?: HealthMachine[] } | HealthMachine[]>('/fleet/health');
    return Array.isArray(body) ? body : (body.machines ?? body.items ?? null);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

export function FleetPage() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const coverage = useQuery({ queryKey: ['coverage'], queryFn: () => api<Coverage>('/fleet/coverage') });
  const health = useQuery({ queryKey: ['fleet-health'], queryFn: fleetHealth, refetchInterval: 60_000 });
  const tiles = useMemo(() => (coverage.data ? tilesOf(coverage.data.machines, health.data) : []), [coverage.data, health.data]);
  const filter = { model: params.get('model') ?? undefined, ageBand: params.get('age') ?? undefined, state: (params.get('state') as TileState) ?? undefined };
  const shown = filterTiles(tiles, filter);
  const groups = groupBySite(shown);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const present = new Set(tiles.map((t) => t.state));

  return (
    <>
      <h1>Fleet</h1>
      <p className="muted small">
        {health.data ? 'Coloured by health state (latest scoring round).' : 'Coloured by coverage: which machines a production model serves.'}
        {me?.sites.length ? ` Your sites: ${me.sites.join(', ')}.` : ''}
      </p>
      <ErrorBox error={coverage.error ?? health.error} />
      {coverage.isLoading && <Loading what="the fleet" />}
      {coverage.data && tiles.length === 0 && (
        <Empty>
          No machines yet. An admin imports the fleet with <code>fleetgate fleet import</code> (or POST /api/fleet/import).
        </Empty>
      )}
      {tiles.length > 0 && (
        <div className="card row" aria-label="filters">
          <label>
            Model
            <select aria-label="model" value={filter.model ?? ''} onChange={(e) => set('model', e.target.value)}>
              <option value="">all</option>
              {optionsOf(tiles, 'machineModel').map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label>
            Age
            <select aria-label="age band" value={filter.ageBand ?? ''} onChange={(e) => set('age', e.target.value)}>
              <option value="">all</option>
              {optionsOf(tiles, 'ageBand').map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label>
            State
            <select aria-label="state" value={filter.state ?? ''} onChange={(e) => set('state', e.target.value)}>
              <option value="">all</option>
              {TILE_STATES.filter((s) => present.has(s)).map((s) => (
                <option key={s} value={s}>
                  {STATE_LABEL[s]}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">
            {shown.length} of {tiles.length} machines
          </span>
          <span style={{ marginLeft: 'auto' }}>
            {TILE_STATES.filter((s) => present.has(s)).map((s) => (
              <span className="legend" key={s}>
                <span className="swatch" style={{ background: STATE_COLOUR[s] }} />
                {STATE_LABEL[s]}
              </span>
            ))}
          </span>
        </div>
      )}
      {tiles.length > 0 && shown.length === 0 && <Empty>No machine matches these filters. Clear a filter to see more.</Empty>}
      {groups.map((g) => (
        <section className="card" key={g.site} data-site={g.site}>
          <h2 style={{ marginTop: 0 }}>
            {g.site}{' '}
            <span className="muted small" data-testid={`counts-${g.site}`}>
              {g.total} machines ·{' '}
              {TILE_STATES.filter((s) => g.counts[s])
                .map((s) => `${g.counts[s]} ${STATE_LABEL[s]}`)
                .join(' · ')}
            </span>
          </h2>
          {g.lines.map((l) => (
            <div key={l.line}>
              <h3>Line {l.line}</h3>
              <div className="tiles">
                {l.tiles.map((t) => (
                  <Link
                    key={t.assetId}
                    to={`/machines/${encodeURIComponent(t.assetId)}`}
                    className="tile"
                    data-asset={t.assetId}
                    data-state={t.state}
                    data-coverage={t.coverage}
                    title={`${t.assetId} · ${t.machineModel} · ${t.ageBand} · ${STATE_LABEL[t.state]}${t.state === t.coverage ? '' : ` · ${STATE_LABEL[t.coverage]}`}: ${t.reason}`}
                    style={{ background: STATE_COLOUR[t.state], color: textColour(t.state) }}
                  >
                    <strong>{t.assetId}</strong>
                    <br />
                    {t.machineModel} · {STATE_LABEL[t.state]}
                  </Link>
                ))}
              </div>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
