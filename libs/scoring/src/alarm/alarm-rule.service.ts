import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '@fleetgate/audit';
import { Actor } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { DeploymentEntity } from '@fleetgate/gate';
import { alarmRuleProblems, AlarmRule } from '../rules/alarm-rule.util';
import { ScoringException, ScoringErrorCode, scoringErrors } from '../scoring.exception';
import { ScoringRepository } from '../score/scoring.repository';

export interface AlarmRuleView {
  assetId: string;
  rule: AlarmRule;
  deployments: Array<{ deploymentId: string; model: string; version: number }>;
}

/**
 * Sets the alarm rule of a machine's active production deployment(s) (`deployments.alarm_rule`,
 * the only deployment column scoring writes), audited as `deployment.alarm-rule-set`. The rule
 * applies from the next scoring on; alarms already recorded stay as they were.
 */
@Injectable()
export class AlarmRuleService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly fleet: FleetService,
    private readonly repo: ScoringRepository,
    private readonly audit: AuditService,
  ) {}

  async set(actor: Actor, idOrAssetId: string, input: { model?: string; k: number; n: number; m: number }): Promise<AlarmRuleView> {
    const problems = alarmRuleProblems(input, '').map((p) => ({ ...p, field: p.field!.replace(/^\./, '') }));
    if (problems.length) throw new ScoringException(ScoringErrorCode.InvalidRequest, 'invalid', `${problems[0].field}: ${problems[0].message}`, problems);
    const machine = await this.fleet.getMachine(idOrAssetId, actor);
    const rows = await this.repo.activeProduction(machine.id);
    const labels = new Map((await this.repo.versionLabels([...new Set(rows.map((d) => d.modelVersionId))])).map((v) => [v.id, v]));
    const chosen = rows.filter((d) => !input.model || labels.get(d.modelVersionId)?.model === input.model);
    if (chosen.length === 0) {
      throw scoringErrors.invalid(
        input.model ? 'model' : 'id',
        `${machine.assetId} has no active production deployment${input.model ? ` of ${input.model}` : ''}`,
      );
    }
    const rule: AlarmRule = { k: input.k, n: input.n, m: input.m };
    const deployments = chosen.map((d) => ({
      deploymentId: d.id,
      model: labels.get(d.modelVersionId)?.model ?? '',
      version: labels.get(d.modelVersionId)?.version ?? 0,
    }));
    await this.ds.transaction(async (m) => {
      await m.getRepository(DeploymentEntity).update({ id: In(chosen.map((d) => d.id)) }, { alarmRule: JSON.stringify(rule) });
      await this.audit.append(
        {
          actor: actor.name,
          action: 'deployment.alarm-rule-set',
          subject: `machine:${machine.assetId}`,
          payload: { machineId: machine.id, assetId: machine.assetId, rule, deployments },
        },
        m,
      );
    });
    return { assetId: machine.assetId, rule, deployments };
  }
}
