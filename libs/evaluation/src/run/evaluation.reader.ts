import { Injectable } from '@nestjs/common';
import { MachineAssessment } from '../assess-machine.util';
import { decodeAssessment } from '../stored-assessment.util';
import { Verdict } from '../verdict.util';
import { EvaluationRunEntity } from './evaluation-run.entity';
import { EvaluationRepository } from './evaluation.repository';
import { MachineResultStatus } from './machine-evaluation.entity';

/** One machine's stored result, decoded: the assessment with NaN and ±Infinity restored. */
export interface StoredMachineResult {
  machineId: string;
  assetId: string;
  status: MachineResultStatus;
  verdict: Verdict | null;
  /** Present when status is `done`. */
  assessment: MachineAssessment | null;
  error: string | null;
}

/**
 * What other libs (the gate) read of stored evaluations: runs and typed per-machine results.
 * The tables and the stored encoding stay the evaluation's own.
 */
@Injectable()
export class EvaluationReader {
  constructor(private readonly repo: EvaluationRepository) {}

  run(id: string): Promise<EvaluationRunEntity | null> {
    return this.repo.run(id);
  }

  /** Oldest first. */
  runsByIds(ids: string[]): Promise<EvaluationRunEntity[]> {
    return this.repo.runsByIds(ids);
  }

  async machineResults(runId: string): Promise<StoredMachineResult[]> {
    return (await this.repo.results(runId)).map((r) => ({
      machineId: r.machineId,
      assetId: r.assetId,
      status: r.status,
      verdict: r.verdict as Verdict | null,
      assessment: r.status === 'done' && r.result ? decodeAssessment(r.result) : null,
      error: r.error,
    }));
  }
}
