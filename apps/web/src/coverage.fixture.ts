import type { CoverageMachine } from './fleet-state';

/** A machine of the coverage answer, for the console's specs: its production, suspension and not-covered fields follow its status. */
export const coverageMachine = (
  assetId: string,
  site: string,
  line: string | null,
  status: CoverageMachine['status'],
  model = 'P200',
  ageBand = '0-5y',
): CoverageMachine => ({
  assetId,
  site,
  line,
  machineModel: model,
  ageBand,
  status,
  suspendedReason: status === 'suspended' ? 'guard breached' : null,
  notCoveredBy: status === 'not-covered' ? ['pump-anomaly'] : [],
  production: status === 'covered' ? [{ model: 'pump-anomaly', version: 2 }] : [],
});
