import { filterTiles, groupBySite, STATE_COLOUR, textColour, tilesOf } from './fleet-state';
import { coverageMachine } from './coverage.fixture';

describe('fleet tiles', () => {
  const coverage = [
    coverageMachine('PLT2-0001', 'PLT2', 'L1', 'covered', 'P300', '5-10y'),
    coverageMachine('PLT1-0002', 'PLT1', 'L2', 'not-covered'),
    coverageMachine('PLT1-0001', 'PLT1', 'L1', 'suspended'),
    coverageMachine('PLT1-0003', 'PLT1', null, 'covered'),
  ];

  it('colours by coverage when there is no health, and says why', () => {
    const tiles = tilesOf(coverage);
    expect(tiles.map((t) => t.state)).toEqual(['covered', 'not-covered', 'suspended', 'covered']);
    expect(tiles[0].reason).toBe('served by pump-anomaly v2');
    expect(tiles[1].reason).toBe('not covered by pump-anomaly');
    expect(tiles[2].reason).toBe('suspended: guard breached');
  });

  it('lays the health state over coverage where health knows the machine', () => {
    const tiles = tilesOf(coverage, [{ assetId: 'PLT2-0001', state: 'alarm', reason: '3 windows beyond the threshold' }]);
    expect(tiles[0]).toMatchObject({ state: 'alarm', coverage: 'covered', reason: '3 windows beyond the threshold' });
    expect(tiles[1].state).toBe('not-covered');
  });

  it('gives every state its own colour, except ok and covered which mean the same', () => {
    const colours = Object.entries(STATE_COLOUR).filter(([s]) => s !== 'covered');
    expect(new Set(colours.map(([, c]) => c)).size).toBe(colours.length);
    expect(STATE_COLOUR.covered).toBe(STATE_COLOUR.ok);
    expect(textColour('alarm')).toBe('#ffffff');
    expect(textColour('not-covered')).not.toBe('#ffffff');
  });

  it('filters by model, age band and state together', () => {
    const tiles = tilesOf(coverage);
    expect(filterTiles(tiles, { model: 'P200' }).map((t) => t.assetId)).toEqual(['PLT1-0002', 'PLT1-0001', 'PLT1-0003']);
    expect(filterTiles(tiles, { model: 'P200', state: 'covered' }).map((t) => t.assetId)).toEqual(['PLT1-0003']);
    expect(filterTiles(tiles, { ageBand: '5-10y' }).map((t) => t.assetId)).toEqual(['PLT2-0001']);
    expect(filterTiles(tiles, {})).toHaveLength(4);
  });

  it('groups by site and line in name order with counts per site', () => {
    const groups = groupBySite(tilesOf(coverage));
    expect(groups.map((g) => g.site)).toEqual(['PLT1', 'PLT2']);
    expect(groups[0].total).toBe(3);
    expect(groups[0].counts).toEqual({ 'not-covered': 1, suspended: 1, covered: 1 });
    expect(groups[0].lines.map((l) => l.line)).toEqual(['L1', 'L2', 'no line']);
  });
});
