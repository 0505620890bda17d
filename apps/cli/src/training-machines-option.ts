import { INestApplicationContext } from '@nestjs/common';
import { ageBand, THRESHOLDS } from '@fleetgate/evaluation';
import { ageInYears, FleetService, MachineEntity } from '@fleetgate/fleet';
import { TelemetryService } from '@fleetgate/telemetry';
import { SegmentDraw, sampleTrainingMachines } from '@fleetgate/training';
import { CliError, service } from './cli-context';

/*
 * Which machines `train` learns from: `--machine <pilot>` alone, `--machines a,b,c` (the first is
 * the pilot), or `--machine <pilot> --sample-per-segment K` — the pilot plus K machines drawn from
 * each segment of machine model × age band (age at the end of the training period, in the
 * evaluation's default bands), among the other machines with data for every signal in the period;
 * the draw is deterministic for `--seed`.
 */

export interface TrainingMachineOptions {
  machine?: string;
  machines?: string;
  samplePerSegment?: string;
}

export type TrainingSelection = { kind: 'machines'; assetIds: string[] } | { kind: 'sample'; pilot: string; perSegment: number };

/** The segmentation `--sample-per-segment` draws from (stated in the manifest's training metadata). */
export const SAMPLE_SEGMENTATION = ['machineModel', 'ageBand'] as const;

/** The flags as a selection, checked before anything is read (exit 2, naming the flag). */
export function trainingSelection(opts: TrainingMachineOptions): TrainingSelection {
  if (opts.machines !== undefined && opts.machine !== undefined)
    throw new CliError('give either --machine <pilot> or --machines <a,b,c> (the first of them is the pilot), not both', 2);
  if (opts.machines !== undefined) {
    if (opts.samplePerSegment !== undefined)
      throw new CliError('--sample-per-segment draws the training machines itself: give it with --machine <pilot>, not with --machines', 2);
    const assetIds = opts.machines
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!assetIds.length) throw new CliError('--machines: give at least one asset id, e.g. --machines PLT1-P200-0007,PLT2-X5-0011', 2);
    const repeated = assetIds.find((a, i) => assetIds.indexOf(a) !== i);
    if (repeated) throw new CliError(`--machines: ${repeated} is listed twice`, 2);
    return { kind: 'machines', assetIds };
  }
  if (opts.machine === undefined) throw new CliError('give the training machine(s): --machine <pilot> [--sample-per-segment K], or --machines <a,b,c>', 2);
  if (opts.samplePerSegment === undefined) return { kind: 'machines', assetIds: [opts.machine] };
  const k = Number(opts.samplePerSegment);
  if (!/^\d+$/.test(opts.samplePerSegment.trim()) || !Number.isInteger(k) || k < 1)
    throw new CliError(`--sample-per-segment must be a whole number of machines per segment, at least 1, got "${opts.samplePerSegment}"`, 2);
  return { kind: 'sample', pilot: opts.machine, perSegment: k };
}

/** A training machine as `train` reads it. */
export interface ResolvedTrainingMachine {
  machine: MachineEntity;
  /** The flag that named it, for errors. */
  flag: string;
}

/** The pilot (the first of --machines, or --machine), found in the fleet. */
export async function findPilot(app: INestApplicationContext, selection: TrainingSelection): Promise<ResolvedTrainingMachine> {
  const assetId = selection.kind === 'sample' ? selection.pilot : selection.assetIds[0];
  const flag = selection.kind === 'sample' || selection.assetIds.length === 1 ? '--machine' : '--machines';
  return { machine: await known(app, assetId, flag), flag };
}

/**
 * The other training machines: those of --machines (each must be in the fleet and have data for
 * `signals` in the period), or the stratified draw. Returns them with the draw, if any.
 */
export async function otherTrainingMachines(
  app: INestApplicationContext,
  selection: TrainingSelection,
  pilot: MachineEntity,
  signals: readonly string[],
  period: { fromMs: number; toMs: number },
  seed: number,
): Promise<{ machines: ResolvedTrainingMachine[]; draw: SegmentDraw[] | null }> {
  const telemetry = service(app, TelemetryService);
  if (selection.kind === 'machines') {
    const machines: ResolvedTrainingMachine[] = [];
    for (const assetId of selection.assetIds.slice(1)) {
      const machine = await known(app, assetId, '--machines');
      const lacking = await lackingSignals(telemetry, machine.id, signals, period);
      if (lacking.length)
        throw new CliError(`--machines: machine ${assetId} has no data for ${lacking.join(', ')} in the training period (the pilot's signals)`, 2);
      machines.push({ machine, flag: '--machines' });
    }
    return { machines, draw: null };
  }
  const fleet = await service(app, FleetService).listMachines({});
  const candidates: Array<{ assetId: string; segment: string }> = [];
  const byAsset = new Map<string, MachineEntity>();
  for (const m of fleet) {
    if (m.id === pilot.id) continue;
    if ((await lackingSignals(telemetry, m.id, signals, period)).length) continue;
    byAsset.set(m.assetId, m);
    candidates.push({ assetId: m.assetId, segment: segmentOf(m, period.toMs) });
  }
  if (!candidates.length) throw new CliError('--sample-per-segment: no machine other than the pilot has data for its signals in the training period', 2);
  const sample = sampleTrainingMachines(candidates, selection.perSegment, seed);
  return { machines: sample.assetIds.map((a) => ({ machine: byAsset.get(a)!, flag: '--sample-per-segment' })), draw: sample.segments };
}

/** "machineModel=P200 ageBand=5-10y": the stratum of the draw, age at the end of the training period. */
export function segmentOf(m: Pick<MachineEntity, 'machineModel' | 'commissionedAt'>, atMs: number): string {
  return `machineModel=${m.machineModel} ageBand=${ageBand(ageInYears(m.commissionedAt, atMs), THRESHOLDS.defaultAgeBands)}`;
}

async function known(app: INestApplicationContext, assetId: string, flag: string): Promise<MachineEntity> {
  const machine = await service(app, FleetService).findByAssetId(assetId);
  if (!machine) throw new CliError(`${flag}: machine ${assetId} is not in the fleet (import it with \`fleet import\` or an importer)`, 2);
  return machine;
}

/** Of `signals`, those the machine stores nothing of within the period. */
async function lackingSignals(
  telemetry: TelemetryService,
  machineId: string,
  signals: readonly string[],
  period: { fromMs: number; toMs: number },
): Promise<string[]> {
  const info = new Map((await telemetry.seriesInfo(machineId)).map((s) => [s.signal, s]));
  return signals.filter((s) => {
    const i = info.get(s);
    return !i || i.lastMs + i.intervalMs <= period.fromMs || i.firstMs >= period.toMs;
  });
}
