import { AppException, ErrorDetail } from '@fleetgate/common';

export enum GateErrorCode {
  InvalidPolicy = 'GATE_INVALID_POLICY',
  PolicyNotFound = 'GATE_POLICY_NOT_FOUND',
  InvalidRequest = 'GATE_INVALID_REQUEST',
  PromotionNotFound = 'GATE_PROMOTION_NOT_FOUND',
  EvidenceNotFound = 'GATE_EVIDENCE_NOT_FOUND',
  EvidenceWrongVersion = 'GATE_EVIDENCE_WRONG_VERSION',
  EvidenceNotFinished = 'GATE_EVIDENCE_NOT_FINISHED',
  EvidenceStale = 'GATE_EVIDENCE_STALE',
  EmptyScope = 'GATE_EMPTY_SCOPE',
  UnknownMachines = 'GATE_UNKNOWN_MACHINES',
  StageOrder = 'GATE_STAGE_ORDER',
  SelfApproval = 'GATE_SELF_APPROVAL',
  NotPending = 'GATE_NOT_PENDING',
  WaiverInvalid = 'GATE_WAIVER_INVALID',
  BlockingRules = 'GATE_BLOCKING_RULES',
  UnknownOwner = 'GATE_UNKNOWN_OWNER',
  DeploymentConflict = 'GATE_DEPLOYMENT_CONFLICT',
  NotRollbackable = 'GATE_NOT_ROLLBACKABLE',
  Busy = 'GATE_BUSY',
  PolicySelfApproval = 'GATE_POLICY_SELF_APPROVAL',
  PolicyNotProposed = 'GATE_POLICY_NOT_PROPOSED',
  PolicyNotApproved = 'GATE_POLICY_NOT_APPROVED',
  DeploymentNotFound = 'GATE_DEPLOYMENT_NOT_FOUND',
  NotDemoted = 'GATE_NOT_DEMOTED',
}

export class GateException extends AppException<GateErrorCode> {}

export const gateErrors = {
  invalidPolicy: (details: ErrorDetail[]) =>
    new GateException(GateErrorCode.InvalidPolicy, 'invalid', `invalid policy: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details),
  policyNotFound: (what: string) => new GateException(GateErrorCode.PolicyNotFound, 'not-found', `gate policy ${what} not found`),
  invalidRequest: (message: string, field: string) => new GateException(GateErrorCode.InvalidRequest, 'invalid', message, [{ field, message }]),
  promotionNotFound: (id: string) => new GateException(GateErrorCode.PromotionNotFound, 'not-found', `promotion request ${id} not found`),
  evidenceNotFound: (id: string) =>
    new GateException(GateErrorCode.EvidenceNotFound, 'not-found', `evaluation run ${id} not found`, [{ field: 'evidenceRunId', message: 'unknown run' }]),
  evidenceWrongVersion: (runId: string, runVersion: string, versionId: string) =>
    new GateException(
      GateErrorCode.EvidenceWrongVersion,
      'unprocessable',
      `evaluation run ${runId} evaluated model version ${runVersion}, not ${versionId}: evidence must be of this exact version`,
      [{ field: 'evidenceRunId', message: 'evaluates another model version' }],
    ),
  evidenceNotFinished: (runId: string, status: string) =>
    new GateException(GateErrorCode.EvidenceNotFinished, 'unprocessable', `evaluation run ${runId} is ${status}: only a completed or partial run is evidence`, [
      { field: 'evidenceRunId', message: `run is ${status}` },
    ]),
  evidenceStale: (runId: string, ageHours: number, maxHours: number) =>
    new GateException(
      GateErrorCode.EvidenceStale,
      'unprocessable',
      `evaluation run ${runId} finished ${ageHours.toFixed(1)} h ago; the policy accepts evidence up to ${maxHours} h old`,
      [{ field: 'evidenceRunId', message: 'too old for the policy' }],
    ),
  emptyScope: (why: string) =>
    new GateException(GateErrorCode.EmptyScope, 'unprocessable', `the requested scope holds no machine: ${why}`, [{ field: 'scope', message: why }]),
  unknownMachines: (assetIds: string[]) =>
    new GateException(
      GateErrorCode.UnknownMachines,
      'invalid',
      `unknown asset ids: ${assetIds.slice(0, 20).join(', ')}${assetIds.length > 20 ? ` (and ${assetIds.length - 20} more)` : ''}`,
      assetIds.map((a) => ({ field: 'assetIds', message: `unknown asset id ${a}` })),
    ),
  stageOrder: (message: string) => new GateException(GateErrorCode.StageOrder, 'unprocessable', message, [{ field: 'targetStage', message }]),
  selfApproval: (name: string) =>
    new GateException(GateErrorCode.SelfApproval, 'forbidden', `${name} requested this promotion and cannot approve it: a second reliability engineer must`),
  notPending: (id: string, status: string) => new GateException(GateErrorCode.NotPending, 'conflict', `promotion ${id} is ${status}, no longer pending`),
  waiverInvalid: (message: string, field: string) => new GateException(GateErrorCode.WaiverInvalid, 'invalid', message, [{ field, message }]),
  blockingRules: (rules: Array<{ id: string; outcome: string; detail: string }>) =>
    new GateException(
      GateErrorCode.BlockingRules,
      'unprocessable',
      `rules not passed and not waived: ${rules.map((r) => r.id).join(', ')} (waive each with a written justification, or reject)`,
      rules.map((r) => ({ field: `rules.${r.id}`, message: `${r.outcome}: ${r.detail}` })),
    ),
  unknownOwner: (name: string) =>
    new GateException(GateErrorCode.UnknownOwner, 'invalid', `owner ${name} is not an active user`, [{ field: 'owner', message: 'not an active user' }]),
  deploymentConflict: (id: string) =>
    new GateException(
      GateErrorCode.DeploymentConflict,
      'conflict',
      `another promotion changed the production version of machines in the scope of ${id} at the same time; nothing was applied — review the coverage and approve again`,
    ),
  notRollbackable: (message: string) => new GateException(GateErrorCode.NotRollbackable, 'conflict', message),
  policySelfApproval: (name: string, policy: string) =>
    new GateException(
      GateErrorCode.PolicySelfApproval,
      'forbidden',
      `${name} proposed gate policy ${policy} and cannot approve it, whatever their role: a second reliability engineer or an admin must`,
    ),
  policyNotProposed: (policy: string, approvedBy: string | null) =>
    new GateException(GateErrorCode.PolicyNotProposed, 'conflict', `gate policy ${policy} is already approved${approvedBy ? ` (by ${approvedBy})` : ''}`),
  policyNotApproved: (name: string, proposed: number[]) =>
    new GateException(
      GateErrorCode.PolicyNotApproved,
      'unprocessable',
      `gate policy ${name} has no approved version${proposed.length ? ` (proposed: ${proposed.map((v) => `v${v}`).join(', ')}, awaiting approval by a second reliability engineer or an admin)` : ''}`,
      [{ field: 'policy', message: 'no approved version' }],
    ),
  deploymentNotFound: (id: string) => new GateException(GateErrorCode.DeploymentNotFound, 'not-found', `deployment ${id} not found`),
  notDemoted: (id: string, why: string) => new GateException(GateErrorCode.NotDemoted, 'conflict', `deployment ${id} cannot be reinstated: ${why}`),
  busy: (what: string) => new GateException(GateErrorCode.Busy, 'unavailable', `too many concurrent writers of ${what}; retry`),
};
