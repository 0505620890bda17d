import { Injectable, Logger } from '@nestjs/common';
import { ModelLoader } from '@fleetgate/evaluation';
import { buildFeatureWindows, signalsToRead } from '@fleetgate/inference';
import { orientedAlarms } from '@fleetgate/stats';
import { TelemetryService } from '@fleetgate/telemetry';
import { parseAlarmRule, ruleMemory, runAlarmRule } from '../rules/alarm-rule.util';
import { MachineScorer } from '../score/machine-scorer.service';
import { ScoringRepository } from '../score/scoring.repository';
import { ShadowEntity, ShadowScoreEntity } from './shadow.entity';
import { ShadowRepository } from './shadow.repository';

/**
 * Shadow scoring, after a machine's `score-machine` job: the candidate of each running shadow that
 * covers the machine scores exactly the windows production scored (same window ends, same
 * preparation with the production deployment's pins), with the deployment's alarm rule replayed on
 * the candidate's flags. It writes only `shadow_scores`: never health, alarms or events.
 */
@Injectable()
export class ShadowScorer {
  private readonly logger = new Logger(ShadowScorer.name);

  constructor(
    private readonly repo: ShadowRepository,
    private readonly scoring: ScoringRepository,
    private readonly scorer: MachineScorer,
    private readonly models: ModelLoader,
    private readonly telemetry: TelemetryService,
  ) {}

  async score(machineId: string): Promise<number> {
    const shadows = (await this.repo.running()).filter((s) => (JSON.parse(s.machineIds) as string[]).includes(machineId));
    let written = 0;
    for (const s of shadows) {
      try {
        written += await this.scoreShadow(s, machineId);
      } catch (error) {
        // A candidate that cannot score must not fail production's job.
        this.logger.warn({ msg: 'shadow scoring failed', machineId, shadowId: s.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return written;
  }

  private async scoreShadow(shadow: ShadowEntity, machineId: string): Promise<number> {
    const cand = await this.models.version(shadow.modelVersionId);
    const deployments = (await this.scoring.activeProduction(machineId)).filter((d) => d.suspendedAt === null && d.modelVersionId !== cand.id);
    let d = null;
    for (const candidate of deployments) if ((await this.models.version(candidate.modelVersionId)).modelName === cand.modelName) d = candidate;
    if (!d) return 0;
    const rule = parseAlarmRule(d.alarmRule);
    const history = (await this.repo.lastScores(shadow.id, machineId, ruleMemory(rule))).reverse();
    // First the windows production scored since the shadow started, then each window after the last compared one.
    const prod = history.length
      ? await this.repo.productionScoresAfter(machineId, d.modelVersionId, history[history.length - 1].windowEndMs)
      : await this.repo.productionScoresSince(machineId, d.modelVersionId, shadow.createdAt);
    if (!prod.length) return 0;
    const fromMs = prod[0].windowEndMs - cand.recipe.windowMs;
    const toMs = prod[prod.length - 1].windowEndMs;
    const toRead = signalsToRead(cand.recipe.signals, cand.normalization);
    const [stored, labels] = await Promise.all([
      this.telemetry.readMachine(machineId, toRead, fromMs, toMs),
      this.telemetry.labelEvents(machineId, fromMs - cand.horizonMs, toMs + cand.horizonMs),
    ]);
    if (toRead.some((s) => !stored[s])) return 0;
    const events = labels.map((e) => ({ ts: e.ts, kind: e.kind }));
    const prepared = this.scorer.prepare(cand, d, stored, events, fromMs, toMs);
    if ('refusal' in prepared) {
      this.logger.warn({ msg: 'shadow cannot prepare', machineId, shadowId: shadow.id, reason: prepared.refusal });
      return 0;
    }
    const windows = buildFeatureWindows(cand.recipe, prepared.series);
    const scores = await this.models.score(cand, windows.features, windows.rows, windows.cols);
    const threshold = cand.output.threshold;
    const { alarms: beyond } = orientedAlarms(scores, cand.output.higherIsWorse, threshold);
    const byEnd = new Map<number, number>();
    for (let w = 0; w < windows.rows; w++) byEnd.set(windows.windowEndMs[w], w);
    const alarms = (await this.repo.alarmsOverlapping(d.id, prod[0].windowEndMs, toMs)).filter((a) => !a.suppressed);
    const productionAlarm = (end: number) => alarms.some((a) => a.openedAtMs <= end && (a.closedAtMs === null || a.closedAtMs > end));
    // The candidate's alarm state, window by window, carried on from the windows compared before.
    const flags = history.map((h) => h.candidateBeyond);
    let open = history.length && history[history.length - 1].candidateAlarm ? { suppressed: false } : null;
    const rows: ShadowScoreEntity[] = [];
    const now = Date.now();
    for (const p of prod) {
      const w = byEnd.get(p.windowEndMs);
      if (w === undefined) continue;
      const isBeyond = beyond[w] === 1;
      open = runAlarmRule(rule, flags.slice(-ruleMemory(rule)), [{ endMs: p.windowEndMs, beyond: isBeyond }], open, () => false).open;
      flags.push(isBeyond);
      rows.push(
        Object.assign(new ShadowScoreEntity(), {
          shadowId: shadow.id,
          machineId,
          windowEndMs: p.windowEndMs,
          productionVersionId: d.modelVersionId,
          productionScore: p.score,
          productionAlarm: productionAlarm(p.windowEndMs),
          candidateScore: scores[w],
          candidateThreshold: threshold,
          candidateBeyond: isBeyond,
          candidateAlarm: open !== null,
          scoredAt: now,
        }),
      );
    }
    await this.repo.saveScores(rows);
    return rows.length;
  }
}
