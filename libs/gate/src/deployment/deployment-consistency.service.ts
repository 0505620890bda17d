import { Injectable } from '@nestjs/common';
import { StoredScope } from '../promotion/promotion.entity';
import { GateRepository } from '../gate.repository';
import { DeploymentRepository } from './deployment.repository';
import { checkDeploymentConsistency, ConsistencyReport } from './deployment-consistency.util';

/** Checks that every approved promotion still holds its machines (`fleetgate audit verify`, `GET /api/deployments/consistency`). */
@Injectable()
export class DeploymentConsistencyService {
  constructor(
    private readonly repo: GateRepository,
    private readonly deployments: DeploymentRepository,
  ) {}

  async check(): Promise<ConsistencyReport> {
    // Only approved and rolled-back promotions ever wrote deployments.
    const promotions = await this.repo.decidedPromotions();
    const rows = await this.deployments.ofModels([...new Set(promotions.map((p) => p.modelId))]);
    return checkDeploymentConsistency(
      promotions.map((p) => ({
        id: p.id,
        modelId: p.modelId,
        modelName: p.modelName,
        modelVersionId: p.modelVersionId,
        versionNumber: p.versionNumber,
        targetStage: p.targetStage,
        status: p.status,
        decidedAt: p.decidedAt,
        machines: (JSON.parse(p.scope) as StoredScope).machines,
      })),
      rows,
    );
  }
}
