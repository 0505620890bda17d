import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gradeScope, type FleetTruth, type ResultToGrade } from '@fleetgate/simulator';
import { CliError } from '../cli-context';
import { gradeLine, gradeText } from './grade-format.util';
import { gradeRun, readTruth } from './grade-run';

const H = 3_600_000;
const START = Date.UTC(2026, 0, 1);

function truthOf(ids: string[]): FleetTruth {
  return {
    machines: ids.map((assetId, i) => ({
      assetId,
      machineModel: i % 2 ? 'K10' : 'P200',
      site: 'PLT1',
      ageYears: 3 + i * 6,
      kind: 'level-spread',
      failures: [],
    })),
  } as unknown as FleetTruth;
}

function result(assetId: string, alarms: number, placement: ResultToGrade['placement']): ResultToGrade {
  return {
    assetId,
    placement,
    verdict: placement === 'in-scope' ? 'generalizes' : placement === 'borderline' ? 'borderline' : 'out-of-domain',
    timeline: { windowMs: H, stepMs: H, scored: [[START + H, START + 100 * H]], alarmed: alarms ? [[START + H, START + alarms * H]] : [] },
    pilotAlarmRate: 0,
  };
}

describe('fleetgate grade', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grade-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a truth file that is missing, not JSON or not a truth file, naming --truth (exit 2)', () => {
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    for (const [file, message] of [
      [path.join(dir, 'absent.json'), /--truth: cannot read .*absent\.json \(ENOENT\)/],
      [write('bad.json', '{not json'), /--truth: .*bad\.json is not JSON/],
      [write('other.json', '{"machines": [{"id": 1}]}'), /--truth: .*other\.json is not a truth file/],
    ] as Array<[string, RegExp]>) {
      let error: unknown;
      try {
        readTruth(file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toMatch(message);
    }
  });

  it('places machines by the report: validated scope in, borderline by verdict, the rest kept out', async () => {
    const pages: Record<string, unknown> = {
      '/evaluations/r1': { id: 'r1', status: 'completed', from: new Date(START).toISOString(), to: new Date(START + 200 * H).toISOString() },
      '/evaluations/r1/report': { validatedScope: { assetIds: ['A'] } },
      '/evaluations/r1/machines?offset=0&limit=1000': {
        total: 3,
        items: [
          { assetId: 'A', status: 'done', verdict: 'generalizes', result: { timeline: result('A', 0, 'in-scope').timeline, output: { pilotAlarmRate: 0 } } },
          { assetId: 'B', status: 'done', verdict: 'borderline', result: { timeline: result('B', 0, 'borderline').timeline, output: { pilotAlarmRate: 0 } } },
          { assetId: 'C', status: 'failed', verdict: null, result: null },
        ],
      },
    };
    const get = async <T>(p: string): Promise<T> => pages[p] as T;
    const { grade } = await gradeRun(get, 'r1', truthOf(['A', 'B', 'C']));
    expect(grade.machinesGraded.map((m) => [m.assetId, m.placement, m.works])).toEqual([
      ['A', 'in-scope', true],
      ['B', 'borderline', true],
      ['C', 'kept-out', false],
    ]);
  });

  it('grades no training machine of the version: the evaluation made no claim about it', async () => {
    const pages: Record<string, unknown> = {
      '/evaluations/r2': { id: 'r2', status: 'completed', from: new Date(START).toISOString(), to: new Date(START + 200 * H).toISOString() },
      '/evaluations/r2/report': { validatedScope: { assetIds: ['A'] } },
      '/evaluations/r2/machines?offset=0&limit=1000': {
        total: 2,
        items: [
          { assetId: 'A', status: 'done', verdict: 'generalizes', result: { timeline: result('A', 0, 'in-scope').timeline, output: { pilotAlarmRate: 0 } } },
          { assetId: 'P', status: 'done', verdict: 'training', result: { timeline: result('P', 0, 'kept-out').timeline, output: { pilotAlarmRate: 0 } } },
        ],
      },
    };
    const get = async <T>(p: string): Promise<T> => pages[p] as T;
    const { grade, training } = await gradeRun(get, 'r2', truthOf(['A', 'P']));
    expect(training).toEqual(['P']);
    expect(grade.machines).toBe(1);
    expect(grade.coverage).toMatchObject({ of: 1, count: 1 });
  });

  it('prints precision, coverage and the borderline share with their counts, and the table', () => {
    const g = gradeScope(
      truthOf(['A', 'B', 'C', 'D']),
      [result('A', 0, 'in-scope'), result('B', 20, 'in-scope'), result('C', 0, 'borderline'), result('D', 0, 'kept-out')],
      {
        fromMs: START,
        toMs: START + 200 * H,
      },
    );
    expect(gradeLine(g)).toBe('precision 0.50 (1 of 2 in scope work) · coverage 0.33 (1 of 3 where it works) · borderline 0.25 (1 of 4)');
    const text = gradeText(g);
    expect(text).toMatch(/^all\s+4\s+1 \/ 1\s+1 \/ 0\s+1 \/ 0\s*$/m);
    expect(text).toMatch(/^ {2}K10\s+2\s+0 \/ 1\s+0 \/ 0\s+1 \/ 0\s*$/m);
  });
});
