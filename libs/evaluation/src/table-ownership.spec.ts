import * as fs from 'node:fs';
import * as path from 'node:path';
import { productionFiles, ROOT } from '../../../test/setup/source-scan';

/**
 * Who may touch which table. The per-machine results are the evaluation's own: other libs
 * read them through `EvaluationReader` (typed, decoded), never by entity, SQL or stored JSON
 * path. And the evaluation reads model versions through the registry's `ModelVersionService`,
 * never the registry's tables.
 */

interface Wall {
  owner: string;
  entities: string[];
  tables: string[];
}

const MACHINE_RESULTS: Wall = { owner: 'libs/evaluation', entities: ['MachineEvaluationEntity'], tables: ['machine_evaluations'] };
const REGISTRY: Wall = {
  owner: 'libs/registry',
  entities: ['ModelEntity', 'ModelVersionEntity', 'StageChangeEntity'],
  tables: ['models', 'model_versions', 'model_stage_changes'],
};

/** Code without comments, so a comment may still name a table. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The entity names or SQL table names of `wall` that a source uses. */
function touches(source: string, wall: Wall): string[] {
  const text = code(source);
  const found = wall.entities.filter((e) => new RegExp(`\\b${e}\\b`).test(text));
  // A table in SQL text: after FROM / JOIN / INTO / UPDATE / TABLE, or as a quoted name.
  for (const t of wall.tables) {
    if (new RegExp(`\\b(from|join|into|update|table)\\s+["\`]?${t}\\b`, 'i').test(text) || new RegExp(`['"\`]${t}['"\`]`).test(text)) found.push(t);
  }
  return found;
}

function offenders(dirs: string[], wall: Wall): string[] {
  return dirs
    .flatMap((d) => productionFiles(path.join(ROOT, d)))
    .filter((f) => touches(fs.readFileSync(f, 'utf8'), wall).length > 0)
    .map((f) => path.relative(ROOT, f));
}

const libs = (): string[] => fs.readdirSync(path.join(ROOT, 'libs')).map((l) => `libs/${l}/src`);

describe('table ownership', () => {
  it('no lib but evaluation touches machine_evaluations', () => {
    const others = libs().filter((l) => l !== 'libs/evaluation/src');
    expect(others.length).toBeGreaterThan(10);
    expect(offenders(others, MACHINE_RESULTS)).toEqual([]);
  });

  it("evaluation does not touch the registry's tables", () => {
    expect(offenders(['libs/evaluation/src'], REGISTRY)).toEqual([]);
  });

  it('does find the owners themselves, so the scan works', () => {
    expect(offenders(['libs/evaluation/src'], MACHINE_RESULTS)).toEqual(
      expect.arrayContaining(['libs/evaluation/src/run/evaluation.repository.ts', 'libs/evaluation/src/run/machine-evaluation.entity.ts']),
    );
    expect(offenders(['libs/registry/src'], REGISTRY)).toEqual(expect.arrayContaining(['libs/registry/src/model-version/registry.repository.ts']));
  });

  it('recognises entities and SQL, and ignores comments', () => {
    expect(touches("import { MachineEvaluationEntity } from '@fleetgate/evaluation';", MACHINE_RESULTS)).toEqual(['MachineEvaluationEntity']);
    expect(touches('await ds.query(`SELECT result FROM machine_evaluations WHERE run_id = $1`)', MACHINE_RESULTS)).toEqual(['machine_evaluations']);
    expect(touches('qb.from("machine_evaluations", "r")', MACHINE_RESULTS)).toEqual(['machine_evaluations']);
    expect(touches("ds.query('select sha256 from model_versions')", REGISTRY)).toEqual(['model_versions']);
    expect(touches('// reads machine_evaluations through the reader\nconst x = 1;', MACHINE_RESULTS)).toEqual([]);
    expect(touches('/** MachineEvaluationEntity rows */ const y = 2;', MACHINE_RESULTS)).toEqual([]);
    expect(touches("const url = 'http://x/models'; // models", REGISTRY)).toEqual([]);
  });
});
