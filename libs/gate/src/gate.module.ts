import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EvaluationStoreModule } from '@fleetgate/evaluation';
import { FleetModule } from '@fleetgate/fleet';
import { RegistryModule } from '@fleetgate/registry';
import { BaselineResetService } from './deployment/baseline-reset.service';
import { CoverageService } from './deployment/coverage.service';
import { DeploymentListService } from './deployment/deployment-list.service';
import { DeploymentConsistencyService } from './deployment/deployment-consistency.service';
import { DeploymentEntity } from './deployment/deployment.entity';
import { DeploymentRepository } from './deployment/deployment.repository';
import { EvidenceBundleService } from './evidence/evidence-bundle.service';
import { GateRepository } from './gate.repository';
import { DeploymentGuardService } from './guard/deployment-guard.service';
import { GatePolicyEntity } from './policy/gate-policy.entity';
import { GatePolicyService } from './policy/gate-policy.service';
import { ApprovalService } from './promotion/approval.service';
import { PromotionEvidenceService } from './promotion/promotion-evidence.service';
import { PromotionEntity } from './promotion/promotion.entity';
import { PromotionSiteViewService } from './promotion/promotion-site-view.service';
import { PromotionService } from './promotion/promotion.service';
import { NetValueService } from './value/net-value.service';

/** Policies, promotions, deployments, coverage and evidence bundles; needs DbModule, ConfigModule and the global AuditModule. */
@Module({
  imports: [TypeOrmModule.forFeature([GatePolicyEntity, PromotionEntity, DeploymentEntity]), EvaluationStoreModule, FleetModule, RegistryModule],
  providers: [
    GateRepository,
    DeploymentGuardService,
    DeploymentRepository,
    GatePolicyService,
    PromotionEvidenceService,
    PromotionService,
    PromotionSiteViewService,
    ApprovalService,
    CoverageService,
    DeploymentListService,
    EvidenceBundleService,
    DeploymentConsistencyService,
    BaselineResetService,
    NetValueService,
  ],
  exports: [
    GatePolicyService,
    PromotionService,
    PromotionSiteViewService,
    ApprovalService,
    CoverageService,
    DeploymentListService,
    EvidenceBundleService,
    DeploymentConsistencyService,
    BaselineResetService,
    DeploymentGuardService,
    NetValueService,
  ],
})
export class GateModule {}
