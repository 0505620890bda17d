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

  describe('optional manufacturer and criticality', () => {
    it('stores null for an unknown manufacturer or criticality, never an invented value', () => {
      const { rows, errors } = checkFleetRows(
        [good({ assetId: 'A1', manufacturer: undefined, criticality: undefined }), good({ assetId: 'A2', manufacturer: '  ', criticality: '' })],
        { nowMs: NOW },
      );
      expect(errors).toEqual([]);
      expect(rows.map((r) => [r.manufacturer, r.criticality])).toEqual([
        [null, null],
        [null, null],
      ]);
    });

    it('still refuses a criticality it does not know', () => {
      expect(checkFleetRows([good({ criticality: 'urgent' })], { nowMs: NOW }).errors).toEqual([
        { row: 0, field: 'criticality', message: 'unknown criticality "urgent" (low | medium | high, or left out)' },
      ]);
    });
  });

  describe('age instead of a commissioning date', () => {
    const aged = (over: Record<string, unknown>) => good({ commissionedAt: undefined, ...over });

    // 4.5 Julian years = 1643.625 days before 2024-06-30 → 2019-12-30T09:00Z → nearest day 2019-12-30.
    // 10 years before 2026-11-25 (today) = 3652.5 days → 2016-11-24T12:00Z → rounds to 2016-11-25.
    it('derives the commissioning date from ageYears at ageAt (default today, UTC), from a number or its spelling', () => {
      const { rows, errors } = checkFleetRows(
        [aged({ assetId: 'A1', ageYears: 4.5, ageAt: '2024-06-30' }), aged({ assetId: 'A2', ageYears: '10' }), aged({ assetId: 'A3', ageYears: 0 })],
        { nowMs: NOW },
      );
      expect(errors).toEqual([]);
      expect(rows.map((r) => r.commissionedAt)).toEqual(['2019-12-30', '2016-11-25', '2026-11-25']);
      expect(rows[0]).not.toHaveProperty('ageYears');
      expect(rows[0]).not.toHaveProperty('ageAt');
    });

    it('names what is wrong with an age', () => {
      const { errors } = checkFleetRows(
        [
          aged({ assetId: 'A1', ageYears: 'old' }),
          aged({ assetId: 'A2', ageYears: -1 }),
          aged({ assetId: 'A3', ageYears: 3, ageAt: '30.06.2024' }),
          aged({ assetId: 'A4', ageYears: 3, ageAt: '2027-01-01' }),
          good({ assetId: 'A5', ageYears: 3 }),
          aged({ assetId: 'A6', ageAt: '2024-06-30' }),
          aged({ assetId: 'A7', ageYears: 150, ageAt: '2024-06-30' }),
        ],
        { nowMs: NOW },
      );
      expect(errors).toEqual([
        { row: 0, field: 'ageYears', message: 'age "old" must be a number of years from 0 to 200' },
        { row: 1, field: 'ageYears', message: 'age -1 must be a number of years from 0 to 200' },
        { row: 2, field: 'ageAt', message: 'age reference date "30.06.2024" is not a date (use YYYY-MM-DD)' },
        { row: 3, field: 'ageAt', message: 'age reference date 2027-01-01 is in the future (today is 2026-11-25)' },
        { row: 4, field: 'ageYears', message: 'give the commissioning date or an age, not both' },
        { row: 5, field: 'ageAt', message: 'ageAt is the date an age refers to: give ageYears with it' },
        { row: 5, field: 'commissionedAt', message: 'commissioning date is missing (give commissionedAt, or ageYears with ageAt)' },
        { row: 6, field: 'ageYears', message: 'commissioning date 1874-06-30 is before 1900-01-01' },
      ]);
    });
  });
});
