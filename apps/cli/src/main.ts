import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { reportError } from './cli-context';
import { evaluateCommand } from './commands/evaluate.command';
import { demoCommand } from './demo/demo.command';
import { migrateCommand } from './commands/migrate.command';
import { usersCommand } from './commands/users.command';
import { auditCommand } from './commands/audit.command';
import { fleetCommand } from './commands/fleet.command';
import { importCommand } from './commands/import.command';
import { simulateCommand } from './commands/simulate.command';
import { qualityCommand } from './commands/quality.command';
import { modelsCommand } from './commands/models.command';
import { trainCommand } from './commands/train.command';
import { promoteCommand } from './commands/promote.command';
import { coverageCommand } from './commands/coverage.command';
import { baselineCommand } from './commands/baseline.command';
import { gradeCommand } from './commands/grade.command';
import { mappingCommand, signalsCommand } from './commands/mapping.command';
import { ingestCommand } from './commands/ingest.command';
import { healthCommand } from './commands/health.command';
import { deploymentsCommand, webhooksCommand } from './commands/deployments.command';
import { shadowCommand } from './commands/shadow.command';
import { adviseCommand } from './commands/advise.command';
import { rollupsCommand } from './commands/rollups.command';

function program(): Command {
  const p = new Command('fleetgate').description('From one pilot machine to the fleet, with evidence and a gate.').exitOverride();
  for (const register of [
    migrateCommand,
    usersCommand,
    auditCommand,
    fleetCommand,
    importCommand,
    simulateCommand,
    qualityCommand,
    modelsCommand,
    trainCommand,
    evaluateCommand,
    adviseCommand,
    rollupsCommand,
    gradeCommand,
    demoCommand,
    promoteCommand,
    coverageCommand,
    baselineCommand,
    signalsCommand,
    mappingCommand,
    ingestCommand,
    healthCommand,
    deploymentsCommand,
    webhooksCommand,
    shadowCommand,
  ])
    register(p);
  return p;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(error, json);
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
