import { Command } from 'commander';
import { api } from '../api-client';
import { print } from '../cli-context';
import { gradeText } from '../grade/grade-format.util';
import { gradeRun, readTruth } from '../grade/grade-run';

export function gradeCommand(program: Command): void {
  program
    .command('grade')
    .description("grade a finished run's validated scope against a simulated fleet's complete truth (via the api)")
    .argument('<run id>')
    .requiredOption('--truth <file>', 'the truth file of `simulate --truth`')
    .option('--json', 'machine-readable output')
    .action(async (runId: string, opts: { truth: string; json?: boolean }) => {
      const truth = readTruth(opts.truth);
      const { run, grade, training } = await gradeRun((path) => api('GET', path), runId, truth);
      print(
        !!opts.json,
        { runId: run.id, from: run.from, to: run.to, ...grade, trainingMachines: training },
        () =>
          `run ${run.id} (${run.from} – ${run.to}), ${grade.machines} machines graded${
            training.length ? ` (not the version's ${training.length} training machine(s): ${training.join(', ')})` : ''
          }\n${gradeText(grade)}`,
      );
    });
}
