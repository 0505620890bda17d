import { checkFleetRows } from './fleet-row-validation.util';

const NOW = Date.UTC(2026, 10, 25, 12); // 2026-11-25T12:00Z
const good = (over: Record<string, unknown> = {}) => ({
  assetId: 'PLT1-P200-0001',
  site: 'PLT1',
  line: 'L1',
  machineModel: 'P200',
  manufacturer: 'Aquaron',
  commissionedAt: '2020-05-01',
  criticality: 'high',
  rawTags: ['P200_VIB_01', 'P200_BRG_TEMP_F'],
  ...over,
});

describe('checkFleetRows', () => {
  it('passes good rows through, trimmed and typed', () => {
    const { rows, errors } = checkFleetRows([good({ assetId: ' A1 ', criticality: 'HIGH', attributes: { ratedKw: 75 } })], { nowMs: NOW });
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ assetId: 'A1', criticality: 'high', attributes: { ratedKw: 75 }, sourceRow: 0 });
  });

  it('lists every bad row by CSV line and field, not only the first', () => {
    const rows = [
      good({ assetId: 'A1', sourceLine: 2 }),
      good({ assetId: '', sourceLine: 3 }),
      good({ assetId: 'A3', commissionedAt: '2027-01-01', sourceLine: 4 }),
      good({ assetId: 'A4', commissionedAt: 'last spring', sourceLine: 5 }),
      good({ assetId: 'A1', sourceLine: 6 }),
      good({ assetId: 'A6', criticality: 'extreme', sourceLine: 7 }),
      good({ assetId: 'A7', rawTags: [], sourceLine: 8 }),
      good({ assetId: 'A8', commissionedAt: '2023-02-29', sourceLine: 9 }),
    ];
    const { errors } = checkFleetRows(rows, { nowMs: NOW });
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'assetId'],
      [4, 'commissionedAt'],
      [5, 'commissionedAt'],
      [6, 'assetId'],
      [7, 'criticality'],
      [8, 'rawTags'],
      [9, 'commissionedAt'],
    ]);
    expect(errors[0].message).toBe('asset id is missing');
    expect(errors[1].message).toBe('commissioning date 2027-01-01 is in the future (today is 2026-11-25)');
    expect(errors[2].message).toMatch(/not a date/);
    expect(errors[3].message).toBe('duplicate asset id A1 (first at line 2)');
    expect(errors[4].message).toMatch(/unknown criticality "extreme"/);
    // 2023 is not a leap year.
    expect(errors[6].message).toMatch(/"2023-02-29" is not a date/);
  });

  it('accepts a machine commissioned today and refuses tomorrow', () => {
    expect(checkFleetRows([good({ commissionedAt: '2026-11-25' })], { nowMs: NOW }).errors).toEqual([]);
    expect(checkFleetRows([good({ commissionedAt: '2026-11-26' })], { nowMs: NOW }).errors).toHaveLength(1);
  });

  it('refuses asset ids already registered, located by array index', () => {
    const { errors } = checkFleetRows([good({ assetId: 'A1' }), good({ assetId: 'A2' })], { nowMs: NOW, existingAssetIds: new Set(['A2']) });
    expect(errors).toEqual([{ row: 1, field: 'assetId', message: 'asset id A2 is already registered' }]);
  });

  it('names unknown fields, wrong types, bad names and bad attributes', () => {
    const { errors } = checkFleetRows(
      [good({ colour: 'red' }), good({ assetId: 'A 2', rawTags: 'vib1|brg_t' }), good({ assetId: 'A3', site: 'PLT/1', attributes: { fluid: ['water'] } }), 7],
      { nowMs: NOW },
    );
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [0, 'colour'],
      [1, 'assetId'],
      [1, 'rawTags'],
      [2, 'site'],
      [2, 'attributes.fluid'],
      [3, undefined],
    ]);
  });

  it('refuses a repeated raw tag within a machine and an empty fleet', () => {
    expect(checkFleetRows([good({ rawTags: ['vib1', ' vib1'] })], { nowMs: NOW }).errors).toEqual([
      { row: 0, field: 'rawTags[1]', message: 'raw tag "vib1" listed twice' },
    ]);
    expect(checkFleetRows([], { nowMs: NOW }).errors).toEqual([{ field: 'machines', message: 'the fleet has no machines' }]);
  });
});
