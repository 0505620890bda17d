import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '@fleetgate/audit';
import { canonicalJson, DAY_MS, HOUR_MS, jsonSafe, sha256Hex } from '@fleetgate/common';
import {
  buildFleetReport,
  encodeAssessment,
  EvaluationRunEntity,
  MachineAssessment,
  MachineEvaluationEntity,
  MachineOutcome,
  Verdict,
} from '@fleetgate/evaluation';
import { ageInYears, FleetService } from '@fleetgate/fleet';
import { ModelEntity, ModelVersionEntity, StageChangeEntity } from '@fleetgate/registry';
import type { TestApi } from '../../../../test/setup/harness';

/**
 * Evidence without the worker pipeline, for the gate's integration tests: machines through
 * the fleet service, model versions and evaluation runs as rows shaped exactly as the
 * registry and the aggregator write them (report = canonical JSON of the fleet report,
 * hashed; per-machine results = canonical JSON of a MachineAssessment).
 */

export interface TestMachine {
  assetId: string;
  site: string;
  line?: string;
  machineModel: string;
  commissionedAt?: string;
}

export async function importMachines(app: INestApplication, machines: TestMachine[]): Promise<void> {
  await app.get(FleetService).importFleet(
    machines.map((m) => ({
      assetId: m.assetId,
      site: m.site,
      line: m.line ?? 'L1',
      machineModel: m.machineModel,
      manufacturer: 'Acme',
      commissionedAt: m.commissionedAt ?? '2020-01-01',
      criticality: 'medium',
      rawTags: ['vib1'],
    })),
    'test',
  );
}

/** A registered-looking version (stage pilot, history row, model.registered audit event). */
export async function insertVersion(app: INestApplication, modelName: string, version: number): Promise<string> {
  const ds = app.get(DataSource);
  let model = await ds.getRepository(ModelEntity).findOne({ where: { name: modelName } });
  if (!model) {
    model = Object.assign(new ModelEntity(), { id: randomUUID(), name: modelName, task: 'failure-probability', owner: 'mle', createdAt: Date.now() });
    await ds.getRepository(ModelEntity).insert(model);
  }
  const manifest = canonicalJson({ name: modelName, task: 'failure-probability', version });
  const sha256 = sha256Hex(`${modelName}@${version}`);
  const id = randomUUID();
  await ds.getRepository(ModelVersionEntity).insert(
    Object.assign(new ModelVersionEntity(), {
      id,
      modelId: model.id,
      version,
      sha256,
      sizeBytes: 1000,
      manifest,
      manifestSha256: sha256Hex(manifest),
      inputName: 'features',
      outputName: 'prob',
      provenance: '{}',
      profile: null,
      profileStatus: 'absent',
      profileReason: 'test',
      stage: 'pilot',
      createdBy: 'mle',
      createdAt: Date.now(),
    }),
  );
  await ds.getRepository(StageChangeEntity).insert(
    Object.assign(new StageChangeEntity(), {
      id: randomUUID(),
      versionId: id,
      fromStage: null,
      toStage: 'pilot',
      actor: 'mle',
      reason: 'registered',
      at: Date.now(),
    }),
  );
  await app
    .get(AuditService)
    .append({ actor: 'mle', action: 'model.registered', subject: `model:${modelName}@${version}`, payload: { versionId: id, sha256 } });
  return id;
}

export interface MachineResult {
  assetId: string;
  verdict: Verdict | 'failed';
  failures?: number;
  detected?: number;
  alarmRateRatio?: number;
  /** The value counts (`MachineAssessment.value`); absent = an assessment stored before them. */
  value?: MachineAssessment['value'];
}

export function assessment(verdict: Verdict, r: Omit<MachineResult, 'assetId' | 'verdict'> = {}): MachineAssessment {
  const failures = r.failures ?? 0;
  const detected = r.detected ?? 0;
  const ratio = r.alarmRateRatio ?? 1;
  return {
    verdict,
    reasons: [verdict === 'generalizes' ? 'healthy levels and spreads within the pilot envelope' : `test fixture: ${verdict}`],
    coverage: { requiredSignals: ['vibration_rms'], missingSignals: [], windowsTotal: 100, windowsUsable: 95, usableFraction: 0.95, healthyWindows: 80 },
    quality: [],
    domain: [],
    drift: { features: [], maxPsi: 0.08, medianPsi: 0.05, featuresOverPsiMajor: 0 },
    output: { psi: 0.02, healthyAlarmRate: 0.02 * ratio, alarmRate: 0.02 * ratio, pilotAlarmRate: 0.02, alarmRateRatio: ratio, medianScore: 0.1 },
    performance: failures
      ? { failures, detected, recall: detected / failures, precision: 0.5, falseAlarmsPer1000h: 1, medianLeadTimeHours: 30, auroc: NaN }
      : null,
    ...(r.value ? { value: r.value } : {}),
  };
}

/** A finished (or not) evaluation run of a version with these per-machine results. */
export async function insertRun(
  app: INestApplication,
  versionId: string,
  results: MachineResult[],
  opts: { status?: EvaluationRunEntity['status']; finishedAt?: number } = {},
): Promise<string> {
  const ds = app.get(DataSource);
  const fleet = app.get(FleetService);
  const machines = new Map((await fleet.listMachines({ assetIds: results.map((r) => r.assetId) })).map((m) => [m.assetId, m]));
  const id = randomUUID();
  const toMs = Date.now() - HOUR_MS;
  const outcomes: MachineOutcome[] = results.map((r) => {
    const m = machines.get(r.assetId)!;
    const base = {
      machineId: m.id,
      assetId: m.assetId,
      site: m.site.name,
      line: m.line?.name ?? null,
      machineModel: m.machineModel,
      ageYears: ageInYears(m.commissionedAt, toMs),
      attributes: {},
    };
    return r.verdict === 'failed' ? { ...base, status: 'failed', error: 'test failure' } : { ...base, status: 'done', assessment: assessment(r.verdict, r) };
  });
  const report = buildFleetReport(outcomes);
  const status = opts.status ?? report.status;
  const finished = ['completed', 'partial', 'failed'].includes(status);
  const text = finished ? canonicalJson(jsonSafe({ runId: id, mappingVersion: 1, ...report })) : null;
  await ds.getRepository(EvaluationRunEntity).insert(
    Object.assign(new EvaluationRunEntity(), {
      id,
      modelVersionId: versionId,
      selection: { assetIds: results.map((r) => r.assetId) },
      fromMs: toMs - 90 * DAY_MS,
      toMs,
      status,
      total: results.length,
      mappingVersion: 1,
      createdBy: 'mle',
      createdAt: Date.now(),
      finishedAt: finished ? (opts.finishedAt ?? Date.now()) : null,
      report: text,
      reportHash: text ? sha256Hex(text) : null,
    }),
  );
  if (outcomes.length) {
    await ds.getRepository(MachineEvaluationEntity).insert(
      outcomes.map((o) => ({
        runId: id,
        machineId: o.machineId,
        assetId: o.assetId,
        status: o.status,
        verdict: o.assessment?.verdict ?? null,
        result: o.assessment ? encodeAssessment(o.assessment) : null,
        error: o.error ?? null,
        attempts: 1,
        updatedAt: Date.now(),
      })),
    );
  }
  return id;
}

/** A one-rule policy version proposed by the reliability engineer `rel` (it judges nothing until a second approver approves it). */
export function proposePolicy(api: TestApi, name: string) {
  return request(api.url)
    .post('/api/gate/policies')
    .set('authorization', `Bearer ${api.tokens.rel}`)
    .send({ name, maxEvidenceAgeHours: 24, rules: [{ id: 'evaluated', kind: 'evaluated-share', threshold: 0.5 }] })
    .expect(201);
}
