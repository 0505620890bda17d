import { ChainedEvent, ChainHead, eventHash, isKnownFormat } from '@fleetgate/audit';
import { canonicalJson, sha256Hex } from '@fleetgate/common';
import { RuleResult } from '../policy.types';

export const EVIDENCE_BUNDLE_FORMAT = 'fleetgate-evidence/1';

/** What the bundle says about a promotion; the api's promotion view carries at least this. */
export interface BundlePromotion {
  id: string;
  status: string;
  sha256: string;
  evidence: { runId: string | null; reportHash: string | null; mappingVersion: number | null };
  policy: { name: string; version: number; sha256: string };
  ruleResults: RuleResult[];
}

export interface EvidenceBundle {
  format: typeof EVIDENCE_BUNDLE_FORMAT;
  generatedAt: string;
  version: {
    id: string;
    model: string;
    version: number;
    stage: string;
    sha256: string;
    manifestSha256: string;
    manifest: string;
    createdBy: string;
    createdAt: string;
  };
  evidenceRuns: Array<{ id: string; status: string; finishedAt: string | null; mappingVersion: number | null; reportHash: string; report: string }>;
  promotions: BundlePromotion[];
  auditEvents: ChainedEvent[];
  /**
   * The whole audit chain's signed head when the bundle was made (null when the chain did not
   * verify then). Offline it proves nothing; keep it, and `fleetgate audit verify --against
   * <bundle>` later tells whether the chain still extends it (nothing deleted, nothing rewritten).
   */
  auditHead?: ChainHead | null;
}

export interface BundleCheck {
  check: string;
  ok: boolean;
  detail: string;
}

export interface BundleVerdict {
  ok: boolean;
  checks: BundleCheck[];
  /** The failed checks only. */
  problems: BundleCheck[];
}

/** The hash a promotion's audit event carries of its rule outcomes. */
export const ruleResultsHash = (results: readonly RuleResult[]): string => sha256Hex(canonicalJson(results));

/**
 * Checks an exported evidence bundle with nothing but its own content: every audit event
 * hashes to its recorded hash (and links to its predecessor where both are present),
 * every report text hashes to its recorded hash, the manifest text to its hash, and each
 * promotion agrees with the audit event written when it was requested (report hash,
 * policy version, ONNX sha256, rule outcomes).
 */
export function verifyEvidenceBundle(input: unknown): BundleVerdict {
  const checks: BundleCheck[] = [];
  const add = (check: string, ok: boolean, detail: string) => checks.push({ check, ok, detail });
  const b = input as Partial<EvidenceBundle> | null;
  if (
    !b ||
    typeof b !== 'object' ||
    b.format !== EVIDENCE_BUNDLE_FORMAT ||
    !b.version ||
    !Array.isArray(b.auditEvents) ||
    !Array.isArray(b.evidenceRuns) ||
    !Array.isArray(b.promotions)
  ) {
    add('format', false, `not a ${EVIDENCE_BUNDLE_FORMAT} bundle`);
    return finish(checks);
  }
  add('format', true, EVIDENCE_BUNDLE_FORMAT);

  const events = b.auditEvents;
  let previous: ChainedEvent | null = null;
  for (const e of events) {
    const { hash, ...rest } = e;
    if (!isKnownFormat(e.format)) add(`audit #${e.seq}`, false, `${e.action} ${e.subject}: unknown hash format ${String(e.format)}`);
    else if (eventHash(rest) !== hash) add(`audit #${e.seq}`, false, `${e.action} ${e.subject}: content does not match its hash (edited after it was written)`);
    else if (previous && e.seq <= previous.seq) add(`audit #${e.seq}`, false, 'events out of order');
    else if (previous && e.seq === previous.seq + 1 && e.prevHash !== previous.hash) add(`audit #${e.seq}`, false, `does not link to event #${previous.seq}`);
    else add(`audit #${e.seq}`, true, `${e.action} ${e.subject}`);
    previous = e;
  }

  const v = b.version;
  add(
    'manifest',
    sha256Hex(v.manifest) === v.manifestSha256,
    `manifest text ${sha256Hex(v.manifest) === v.manifestSha256 ? 'hashes to' : 'does not hash to'} ${v.manifestSha256}`,
  );
  const registered = events.find((e) => e.action === 'model.registered' && payload(e).versionId === v.id);
  if (registered)
    add('onnx sha256', payload(registered).sha256 === v.sha256, `registration event #${registered.seq} records sha256 ${String(payload(registered).sha256)}`);

  const runs = new Map(b.evidenceRuns.map((r) => [r.id, r]));
  for (const r of b.evidenceRuns) {
    const actual = sha256Hex(r.report);
    add(
      `report ${r.id}`,
      actual === r.reportHash,
      actual === r.reportHash ? `report text hashes to ${r.reportHash}` : `report text hashes to ${actual}, recorded ${r.reportHash}`,
    );
  }

  for (const p of b.promotions) {
    const name = `promotion ${p.id}`;
    const problems: string[] = [];
    if (p.sha256 !== v.sha256) problems.push(`ONNX sha256 ${p.sha256} is not the version's ${v.sha256}`);
    if (p.evidence.runId) {
      const run = runs.get(p.evidence.runId);
      if (!run) problems.push(`evidence run ${p.evidence.runId} is not in the bundle`);
      else if (run.reportHash !== p.evidence.reportHash) problems.push(`report hash ${p.evidence.reportHash} differs from the run's ${run.reportHash}`);
    }
    const requested = events.find((e) => e.action === 'promotion.requested' && e.subject === `promotion:${p.id}`);
    if (!requested) problems.push('no promotion.requested audit event');
    else {
      const pl = payload(requested);
      const ev = (pl.evidence ?? {}) as Record<string, unknown>;
      const pol = (pl.policy ?? {}) as Record<string, unknown>;
      if ((ev.reportHash ?? null) !== p.evidence.reportHash) problems.push(`audit #${requested.seq} records report hash ${String(ev.reportHash)}`);
      if (pol.name !== p.policy.name || pol.version !== p.policy.version || pol.sha256 !== p.policy.sha256)
        problems.push(`audit #${requested.seq} records policy ${String(pol.name)} v${String(pol.version)}`);
      if (pl.sha256 !== p.sha256) problems.push(`audit #${requested.seq} records ONNX sha256 ${String(pl.sha256)}`);
      if (pl.ruleResultsSha256 !== ruleResultsHash(p.ruleResults)) problems.push(`rule outcomes differ from those recorded in audit #${requested.seq}`);
    }
    if (['approved', 'rolled-back'].includes(p.status) && !events.some((e) => e.action === 'promotion.approved' && e.subject === `promotion:${p.id}`))
      problems.push('approved without a promotion.approved audit event');
    if (p.status === 'rolled-back' && !events.some((e) => e.action === 'promotion.rolled-back' && e.subject === `promotion:${p.id}`))
      problems.push('rolled back without a promotion.rolled-back audit event');
    add(name, problems.length === 0, problems.length ? problems.join('; ') : `agrees with its audit events (policy ${p.policy.name} v${p.policy.version})`);
  }
  return finish(checks);
}

function payload(e: ChainedEvent): Record<string, unknown> {
  try {
    return JSON.parse(e.payload) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function finish(checks: BundleCheck[]): BundleVerdict {
  const problems = checks.filter((c) => !c.ok);
  return { ok: problems.length === 0, checks, problems };
}
