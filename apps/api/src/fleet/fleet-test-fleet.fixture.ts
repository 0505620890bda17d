/** A deterministic fleet for the fleet api tests: three sites, each with its historian's tag convention. */
export const MODELS = [
  { code: 'P200', manufacturer: 'Aquaron' },
  { code: 'P300', manufacturer: 'Aquaron' },
  { code: 'K10', manufacturer: 'Kessler Pumpen' },
  { code: 'X5', manufacturer: 'Xylo Fluidtech' },
];

const SIGNAL_TAGS: Record<'A' | 'B' | 'C', (model: string) => string[]> = {
  A: (m) => [`${m}_VIB_01`, `${m}_BRG_TEMP_F`, `${m}_WDG_TEMP_F`, `${m}_CUR_A`, `${m}_PWR_W`, `${m}_RPM`, `${m}_PRES_PSI`, `${m}_FLOW`],
  B: () => ['vib1', 'brg_t', 'wdg_t', 'amps', 'kw', 'rpm', 'press', 'flow'],
  C: () => [
    'Vibration (in/s)',
    'Bearing Temperature (°C)',
    'Winding Temperature (°C)',
    'Motor Current (A)',
    'Power (kW)',
    'Shaft Speed (rpm)',
    'Discharge Pressure (bar)',
    'Flow (m3/h)',
  ],
};
const SITES = [
  { site: 'PLT1', convention: 'A' as const },
  { site: 'PLT2', convention: 'B' as const },
  { site: 'PLT3', convention: 'C' as const },
];

export interface TestMachine {
  assetId: string;
  site: string;
  line: string;
  model: string;
  manufacturer: string;
  commissionedAt: string;
  criticality: string;
  tags: string[];
}

export function testFleet(n: number): TestMachine[] {
  return Array.from({ length: n }, (_, i) => {
    const { site, convention } = SITES[i % 3];
    const model = MODELS[Math.floor(i / 3) % 4];
    const date = `${2000 + (i % 25)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const tags = SIGNAL_TAGS[convention](model.code);
    // A spare channel no rule knows, on every tenth machine.
    if (i % 10 === 0) tags.push('spare_04');
    return {
      assetId: `${site}-${model.code}-${String(i + 1).padStart(4, '0')}`,
      site,
      line: `L${1 + (Math.floor(i / 12) % 4)}`,
      model: model.code,
      manufacturer: model.manufacturer,
      commissionedAt: date,
      criticality: ['low', 'medium', 'high'][i % 3],
      tags,
    };
  });
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function toCsv(machines: TestMachine[], extra: Record<string, string> = {}): string {
  const header = 'asset_id,site,line,machine_model,manufacturer,commissioned_at,criticality,raw_tags';
  const extraHeader = Object.keys(extra);
  const lines = machines.map((m) =>
    [m.assetId, m.site, m.line, m.model, m.manufacturer, m.commissionedAt, m.criticality, m.tags.join('|'), ...extraHeader.map((k) => extra[k])]
      .map(csvCell)
      .join(','),
  );
  return [[header, ...extraHeader].join(','), ...lines].join('\n') + '\n';
}

/** The schema changes TypeORM would still make to the fleet tables after the migrations: none means entities and migration agree. */
export async function fleetSchemaDrift(ds: import('typeorm').DataSource): Promise<string[]> {
  const tables = ['sites', 'lines', 'machines', 'signals', 'mapping_rule_sets'];
  const runner = ds.createQueryRunner();
  const names: string[] = [];
  try {
    for (const t of tables) {
      const table = await runner.getTable(t);
      names.push(...table!.indices.map((i) => i.name!), ...table!.foreignKeys.map((f) => f.name!));
    }
  } finally {
    await runner.release();
  }
  const log = await ds.driver.createSchemaBuilder().log();
  return log.upQueries
    .map((q) => q.query)
    .filter((q) => names.some((n) => q.includes(n)) || tables.some((t) => q.includes(`"${t}"`) || q.includes(`"temporary_${t}"`)));
}
