import { ChainedEvent, eventHash, GENESIS_HASH } from '@fleetgate/audit';
import { canonicalJson, sha256Hex } from '@fleetgate/common';
import { RuleResult } from '../policy.types';
import { EvidenceBundle, ruleResultsHash, verifyEvidenceBundle } from './evidence-bundle.util';

function chain(specs: Array<{ action: string; subject: string; payload: Record<string, unknown> }>): ChainedEvent[] {
  let prev = GENESIS_HASH;
  return specs.map((s, i) => {
    const e = { seq: i + 1, at: 1_760_000_000_000 + i, actor: 'rel', action: s.action, subject: s.subject, payload: canonicalJson(s.payload), prevHash: prev };
    const full = { ...e, hash: eventHash(e) };
    prev = full.hash;
    return full;
  });
}

function bundle(): EvidenceBundle {
  const report = canonicalJson({ status: 'completed', counts: { machines: 3 } });
  const manifest = canonicalJson({ name: 'pump', task: 'failure-probability' });
  const results: RuleResult[] = [{ id: 'evaluated', kind: 'evaluated-share', value: 1, threshold: 0.9, comparison: '>=', outcome: 'pass', detail: '3 of 3' }];
  const policy = { name: 'default', version: 1, sha256: 'c'.repeat(64) };
  const onnx = 'a'.repeat(64);
  return {
    format: 'fleetgate-evidence/1',
    generatedAt: '2026-01-01T00:00:00.000Z',
    version: {
      id: 'v1',
      model: 'pump',
      version: 1,
      stage: 'production',
      sha256: onnx,
      manifestSha256: sha256Hex(manifest),
      manifest,
      createdBy: 'mle',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    evidenceRuns: [{ id: 'r1', status: 'completed', finishedAt: null, mappingVersion: 1, reportHash: sha256Hex(report), report }],
    promotions: [
      { id: 'p1', status: 'approved', sha256: onnx, evidence: { runId: 'r1', reportHash: sha256Hex(report), mappingVersion: 1 }, policy, ruleResults: results },
    ],
    auditEvents: chain([
      { action: 'model.registered', subject: 'model:pump@1', payload: { versionId: 'v1', sha256: onnx } },
      {
        action: 'promotion.requested',
        subject: 'promotion:p1',
        payload: {
          sha256: onnx,
          evidence: { runId: 'r1', reportHash: sha256Hex(report), mappingVersion: 1 },
          policy,
          ruleResultsSha256: ruleResultsHash(results),
        },
      },
      { action: 'promotion.approved', subject: 'promotion:p1', payload: { sha256: onnx } },
    ]),
  };
}

describe('verifyEvidenceBundle', () => {
  it('accepts an untouched bundle and says what it checked', () => {
    const v = verifyEvidenceBundle(bundle());
    expect(v.ok).toBe(true);
    expect(v.checks.map((c) => c.check)).toEqual(['format', 'audit #1', 'audit #2', 'audit #3', 'manifest', 'onnx sha256', 'report r1', 'promotion p1']);
  });

  it('catches a report edited after it was hashed', () => {
    const b = bundle();
    b.evidenceRuns[0].report = b.evidenceRuns[0].report.replace('"machines":3', '"machines":4');
    expect(verifyEvidenceBundle(b).problems.map((p) => p.check)).toEqual(['report r1']);
  });

  it('catches an edited audit payload and a waived rule rewritten as passing', () => {
    const b = bundle();
    b.auditEvents[2] = { ...b.auditEvents[2], actor: 'mallory' };
    b.promotions[0].ruleResults[0] = { ...b.promotions[0].ruleResults[0], outcome: 'fail' };
    expect(verifyEvidenceBundle(b).problems.map((p) => p.check)).toEqual(['audit #3', 'promotion p1']);
  });

  it('catches a re-hashed event by its broken link to the next one', () => {
    const b = bundle();
    const { hash: _old, ...edited } = { ...b.auditEvents[1], actor: 'mallory' };
    b.auditEvents[1] = { ...edited, hash: eventHash(edited) };
    expect(verifyEvidenceBundle(b).problems).toEqual([expect.objectContaining({ check: 'audit #3', detail: 'does not link to event #2' })]);
  });

  it('refuses something that is not a bundle', () => {
    expect(verifyEvidenceBundle({ hello: 1 })).toMatchObject({ ok: false, problems: [{ check: 'format' }] });
  });

  it('checks events in either hash format and reports an unknown format instead of failing', () => {
    const b = bundle();
    const { hash: _h, ...rest } = { ...b.auditEvents[0], format: 2 };
    b.auditEvents = [{ ...rest, hash: eventHash(rest) }];
    expect(verifyEvidenceBundle(b).checks.find((c) => c.check === 'audit #1')).toMatchObject({ ok: true });
    b.auditEvents[0] = { ...b.auditEvents[0], format: 7 };
    expect(verifyEvidenceBundle(b).problems.find((c) => c.check === 'audit #1')?.detail).toContain('unknown hash format 7');
  });
});
