import { FleetException } from '../fleet.exception';
import { detectFleetFormat, parseFleetFile } from './fleet-file.util';

const HEADER = 'asset_id,site,line,machine_model,manufacturer,commissioned_at,criticality,raw_tags';

describe('parseFleetFile (CSV)', () => {
  it('reads rows with their line numbers, splits tags on |, and turns extra columns into attributes', () => {
    const csv = [
      `${HEADER},rated_kw,fluid,serial`,
      'PLT1-P200-0001,PLT1,L1,P200,Aquaron,2020-05-01,high,P200_VIB_01|P200_BRG_TEMP_F,75,water,0042',
      '',
      'PLT2-K10-0001,PLT2,,K10,Kessler Pumpen,2012-01-31,low, vib1 | brg_t ,,,',
    ].join('\n');
    const { rows, errors } = parseFleetFile(csv, 'csv');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        sourceLine: 2,
        assetId: 'PLT1-P200-0001',
        site: 'PLT1',
        line: 'L1',
        machineModel: 'P200',
        manufacturer: 'Aquaron',
        commissionedAt: '2020-05-01',
        criticality: 'high',
        rawTags: ['P200_VIB_01', 'P200_BRG_TEMP_F'],
        // '0042' is not the spelling of a number: it stays text.
        attributes: { rated_kw: 75, fluid: 'water', serial: '0042' },
      },
      {
        sourceLine: 4,
        assetId: 'PLT2-K10-0001',
        site: 'PLT2',
        machineModel: 'K10',
        manufacturer: 'Kessler Pumpen',
        commissionedAt: '2012-01-31',
        criticality: 'low',
        rawTags: ['vib1', 'brg_t'],
      },
    ]);
  });

  it('keeps quoted tags with commas and parentheses intact', () => {
    const csv = `${HEADER}\r\nA1,PLT3,L2,X5,Xylo,2019-01-01,medium,"Vibration (in/s)|Flow (m3/h)|Power, total (kW)"\r\n`;
    expect(parseFleetFile(csv, 'csv').rows[0].rawTags).toEqual(['Vibration (in/s)', 'Flow (m3/h)', 'Power, total (kW)']);
  });

  it('accepts a header in any case and order, without the optional line column', () => {
    const csv = 'RAW_TAGS,Criticality,commissioned_at,manufacturer,machine_model,site,asset_id\nvib1,low,2020-01-01,Aquaron,P200,PLT1,A1\n';
    expect(parseFleetFile(csv, 'csv').rows[0]).toMatchObject({ assetId: 'A1', site: 'PLT1', rawTags: ['vib1'] });
  });

  it('reports a row with the wrong number of cells by its line, and keeps reading the others', () => {
    const csv = `${HEADER}\nA1,PLT1,L1,P200,Aquaron,2020-01-01,low,vib1\nA2,PLT1,L1,P200\nA3,PLT1,L1,P200,Aquaron,2020-01-01,low,vib1\n`;
    const { rows, errors } = parseFleetFile(csv, 'csv');
    expect(rows.map((r) => r.assetId)).toEqual(['A1', 'A3']);
    expect(errors).toEqual([{ line: 3, message: 'expected 8 columns, found 4' }]);
  });

  it('refuses a file it cannot read at all, saying why', () => {
    const read = (csv: string) => {
      try {
        parseFleetFile(csv, 'csv');
      } catch (e) {
        return e as FleetException;
      }
      throw new Error('expected a refusal');
    };
    expect(read('asset_id,site\nA1,PLT1\n').message).toMatch(/missing column\(s\): machine_model, raw_tags, commissioned_at or age_years/);
    expect(read(`${HEADER},site\n`).message).toMatch(/"site" appears twice/);
    expect(read(`${HEADER}\nA1,"PLT1,L1\n`)).toMatchObject({ kind: 'invalid', code: 'FLEET_INVALID_FILE' });
    expect(read('   \n').message).toMatch(/empty/);
  });
});

describe('parseFleetFile (JSON)', () => {
  const machine = {
    assetId: 'A1',
    site: 'PLT1',
    machineModel: 'P200',
    manufacturer: 'Aquaron',
    commissionedAt: '2020-01-01',
    criticality: 'low',
    rawTags: ['vib1'],
  };

  it('accepts an array or { machines: [...] }, numbering rows by array index', () => {
    expect(parseFleetFile(JSON.stringify([machine, machine]), 'json').rows.map((r) => r.sourceRow)).toEqual([0, 1]);
    expect(parseFleetFile(JSON.stringify({ machines: [machine] }), 'json').rows[0]).toEqual({ ...machine, sourceRow: 0 });
  });

  it('reports non-objects by index and refuses a malformed file', () => {
    expect(parseFleetFile(JSON.stringify([machine, 'x', null]), 'json').errors.map((e) => e.row)).toEqual([1, 2]);
    expect(() => parseFleetFile('[{"assetId": "A1",', 'json')).toThrow(/malformed fleet file: not JSON/);
    expect(() => parseFleetFile('{"fleet": []}', 'json')).toThrow(/expected a JSON array/);
    expect(() => parseFleetFile(JSON.stringify({ machines: [], version: 2 }), 'json')).toThrow(/unknown top-level field\(s\): version/);
  });

  it('does not let a file choose the location its errors are reported at', () => {
    const { rows, errors } = parseFleetFile(JSON.stringify([{ ...machine, sourceLine: 99 }]), 'json');
    expect(rows[0]).toEqual({ ...machine, sourceRow: 0 });
    expect(errors).toEqual([{ row: 0, field: 'sourceLine', message: 'unknown field "sourceLine"' }]);
  });
});

describe('detectFleetFormat', () => {
  it('goes by extension, then by the first character', () => {
    expect(detectFleetFormat('fleet.CSV', '[')).toBe('csv');
    expect(detectFleetFormat('fleet.json', 'asset_id')).toBe('json');
    expect(detectFleetFormat('fleet.txt', '  [{}]')).toBe('json');
    expect(detectFleetFormat('fleet', 'asset_id,site')).toBe('csv');
  });

  it('reads a file without manufacturer or criticality, dated by age at a reference date', () => {
    const csv = ['asset_id,site,machine_model,age_years,age_at,raw_tags', 'M1,PLT1,P200,4.5,2024-06-30,vib1|brg_t', 'M2,PLT1,P200,12,,vib1'].join('\n');
    const { rows, errors } = parseFleetFile(csv, 'csv');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { sourceLine: 2, assetId: 'M1', site: 'PLT1', machineModel: 'P200', ageYears: '4.5', ageAt: '2024-06-30', rawTags: ['vib1', 'brg_t'] },
      { sourceLine: 3, assetId: 'M2', site: 'PLT1', machineModel: 'P200', ageYears: '12', rawTags: ['vib1'] },
    ]);
  });
});
