import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@fleetgate/audit';
import { FleetRow, FleetService, MachineEntity } from '@fleetgate/fleet';
import { FleetOptions, FleetTruth, fleetTruth, generateMachine, GeneratedMachine, MachineTruth, planFleet } from '@fleetgate/simulator';
import { auditPayload } from '../import/csv-import.service';
import { addIngest, emptySummary, ImportSummary } from '../import/import.types';
import { IngestService } from '../ingest/ingest.service';
import { TelemetryService } from '../store/telemetry.service';

/** What `planFleet` takes: size, seed, start, interval, the labelled share of failures, a multi-regime pilot. */
export type SimulateOptions = FleetOptions;

/**
 * What `simulate publish` needs to regenerate the stored fleet and continue it: recorded in the
 * `telemetry.simulated` audit event (payload `simulation`) of the run that stored it.
 */
export interface SimulationRecord {
  machines: number;
  seed: number;
  startMs: number;
  days: number;
  intervalMs: number;
  labelShare: number;
  multiRegimePilot: boolean;
}

export const SIMULATED_ACTION = 'telemetry.simulated';

const STORES_IN_FLIGHT = 2;

export type SimulateProgress = (done: number, total: number, assetId: string) => void;

/**
 * The simulator through the same path as real data: plan → register machines → per machine
 * generate raw-tag telemetry → ingest (tag mapping, unit conversion, store) + events.
 * One machine is generated while the previous two are being written; memory holds three.
 */
@Injectable()
export class SimulateService {
  private readonly logger = new Logger(SimulateService.name);

  constructor(
    private readonly fleet: FleetService,
    private readonly ingest: IngestService,
    private readonly telemetry: TelemetryService,
    private readonly audit: AuditService,
  ) {}

  async simulate(opts: SimulateOptions, actor: string, progress?: SimulateProgress): Promise<{ summary: ImportSummary; truth: FleetTruth }> {
    const plan = planFleet(opts);
    const rows: FleetRow[] = plan.machines.map((m) => ({
      assetId: m.assetId,
      site: m.site,
      line: m.line,
      machineModel: m.machineModel,
      manufacturer: m.manufacturer,
      commissionedAt: m.commissionedAt,
      criticality: m.criticality,
      attributes: { tagConvention: m.convention },
      rawTags: m.rawTags,
    }));
    const machines = await this.fleet.ensureMachines(rows, actor);
    const summary = emptySummary('simulate', `simulator seed ${opts.seed}`);
    summary.machines = machines.length;
    const truths: MachineTruth[] = [];
    const started = Date.now();
    // Stores in flight at once (each its own transaction): while one waits on the database, the
    // next machine is generated and encoded. With one, the command idled a quarter of its time.
    const inFlight: Array<Promise<void>> = [];
    let done = 0;
    for (let i = 0; i < machines.length; i++) {
      const generated = generateMachine(plan, machines[i].assetId);
      truths.push(generated.truth);
      if (inFlight.length >= STORES_IN_FLIGHT) await inFlight.shift();
      const machine = machines[i];
      const stored = this.store(machine, generated, summary).then(() => progress?.(++done, machines.length, machine.assetId));
      // Handled here so a failure while an older store is awaited is not an unhandled rejection; awaited below, it still throws.
      stored.catch(() => undefined);
      inFlight.push(stored);
    }
    await Promise.all(inFlight);
    summary.rowsRead = summary.samplesWritten + summary.duplicates;
    const simulation: SimulationRecord = {
      machines: opts.machines,
      seed: plan.seed,
      startMs: plan.startMs,
      days: plan.days,
      intervalMs: plan.intervalMs,
      labelShare: plan.labelShare,
      multiRegimePilot: opts.multiRegimePilot ?? false,
    };
    await this.audit.append({
      actor,
      action: SIMULATED_ACTION,
      subject: `simulator:seed-${opts.seed}`,
      payload: { ...auditPayload(summary), days: opts.days, intervalMs: plan.intervalMs, simulation },
    });
    this.logger.log({
      msg: 'simulated',
      machines: machines.length,
      days: opts.days,
      intervalMs: plan.intervalMs,
      written: summary.samplesWritten,
      ms: Date.now() - started,
    });
    return { summary, truth: fleetTruth(plan, truths) };
  }

  private async store(machine: MachineEntity, g: GeneratedMachine, summary: ImportSummary): Promise<void> {
    const raw = Object.fromEntries(Object.entries(g.tags).map(([tag, values]) => [tag, { startMs: g.startMs, intervalMs: g.intervalMs, values }]));
    addIngest(summary, await this.ingest.ingestMachineSeries(machine, raw));
    const added = await this.telemetry.addEvents(
      machine.id,
      g.events.map((e) => ({ ts: Date.parse(e.timestamp), kind: e.kind, component: e.component, source: 'simulator' })),
    );
    summary.eventsWritten += added;
    summary.eventsDuplicate += g.events.length - added;
  }
}
