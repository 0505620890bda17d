import { Injectable } from '@nestjs/common';
import { AuditService } from '@fleetgate/audit';
import { EvaluationReader } from '@fleetgate/evaluation';
import { registryErrors } from '@fleetgate/registry';
import { GateRepository } from '../gate.repository';
import { promotionView, PromotionView } from '../promotion/promotion.view';
import { EVIDENCE_BUNDLE_FORMAT, EvidenceBundle } from './evidence-bundle.util';

/**
 * The evidence bundle of one version: what it is, what it was judged on, who decided
 * what, and the audit events that recorded it — enough to check offline with
 * `verifyEvidenceBundle`.
 */
@Injectable()
export class EvidenceBundleService {
  constructor(
    private readonly repo: GateRepository,
    private readonly evaluations: EvaluationReader,
    private readonly audit: AuditService,
  ) {}

  async bundle(versionId: string): Promise<EvidenceBundle & { promotions: PromotionView[] }> {
    const found = await this.repo.version(versionId);
    if (!found) throw registryErrors.versionNotFound(versionId);
    const { model, version } = found;
    const promotions = (await this.repo.promotionsOfVersion(version.id)).map(promotionView);
    const runIds = [...new Set(promotions.map((p) => p.evidence.runId).filter((r): r is string => !!r))];
    const runs = (await this.evaluations.runsByIds(runIds)).filter((r) => r.report && r.reportHash);
    const policies = [...new Set(promotions.map((p) => `gate-policy:${p.policy.name}@${p.policy.version}`))];
    const subjects = [
      `model:${model.name}@${version.version}`,
      ...promotions.map((p) => `promotion:${p.id}`),
      ...runIds.map((r) => `evaluation:${r}`),
      ...policies,
    ];
    const events = await this.repo.auditEvents(subjects);
    const chain = await this.audit.verify();
    return {
      format: EVIDENCE_BUNDLE_FORMAT,
      generatedAt: new Date().toISOString(),
      version: {
        id: version.id,
        model: model.name,
        version: version.version,
        stage: version.stage,
        sha256: version.sha256,
        manifestSha256: version.manifestSha256,
        manifest: version.manifest,
        createdBy: version.createdBy,
        createdAt: new Date(version.createdAt).toISOString(),
      },
      evidenceRuns: runs.map((r) => ({
        id: r.id,
        status: r.status,
        finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
        mappingVersion: r.mappingVersion,
        reportHash: r.reportHash!,
        report: r.report!,
      })),
      promotions,
      auditEvents: events.map((e) => ({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        payload: e.payload,
        prevHash: e.prevHash,
        hash: e.hash,
        format: e.format,
      })),
      auditHead: chain.head ?? null,
    };
  }
}
