import { Injectable, Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { AuditService } from '@fleetgate/audit';
import { CMAPSS_MANUFACTURER, cmapssMachineModel, FleetRow, FleetService, MachineEntity } from '@fleetgate/fleet';
import { IngestService } from '../ingest/ingest.service';
import { TelemetryService } from '../store/telemetry.service';
import { MachineEventInput } from '../store/telemetry.types';
import { telemetryErrors } from '../telemetry.exception';
import { auditPayload } from './csv-import.service';
import { CMAPSS_INTERVAL_MS, CMAPSS_START_MS, CMAPSS_TAGS, cmapssAssetId, cmapssFileInfo, cycleTime, parseCmapssLine, parseRul } from './cmapss.util';
import { addIngest, emptySummary, ImportSummary, refuseRow } from './import.types';
import { assertText, inputName } from './text-input.util';

export interface CmapssImportOptions {
  /** site the engines are registered under (default NASA-CMAPSS) */
  site?: string;
  /** RUL_FDxxx.txt for a test file: each engine's true failure = last cycle + RUL */
  rulPath?: string;
  /** when the file name does not say (train_FD001.txt does) */
  dataSet?: string;
  split?: 'train' | 'test';
}

export const CMAPSS_DEFAULT_SITE = 'NASA-CMAPSS';
const FAILURE_COMPONENT = 'engine';

interface EngineRows {
  cycles: number[];
  values: number[][];
}

/**
 * NASA C-MAPSS turbofan files: one engine = one machine, one cycle = one hour from a fixed
 * start. A training engine's last cycle is its failure; a test file with its RUL file gets
 * each engine's true failure time. Read twice as a stream (check + register, then ingest
 * one engine at a time), so memory holds one engine.
 */
@Injectable()
export class CmapssImportService {
  private readonly logger = new Logger(CmapssImportService.name);

  constructor(
    private readonly fleet: FleetService,
    private readonly ingest: IngestService,
    private readonly telemetry: TelemetryService,
    private readonly audit: AuditService,
  ) {}

  async importFile(path: string, opts: CmapssImportOptions, actor: string): Promise<ImportSummary> {
    await assertText({ path });
    const name = inputName({ path });
    const info = cmapssFileInfo(name) ?? (opts.dataSet ? { dataSet: opts.dataSet.toUpperCase(), split: opts.split ?? 'train' } : null);
    if (!info) throw telemetryErrors.badOption(`cannot tell the data set from "${name}" (expected train_FD00x.txt / test_FD00x.txt)`);
    const summary = emptySummary('cmapss', name);

    // Pass 1: check every line, learn the engines and their last cycle; nothing written yet.
    const lastCycle = new Map<number, number>();
    let good = 0;
    const refused = emptySummary('cmapss', name);
    for await (const { line, text } of lines(path)) {
      if (text.trim() === '') continue;
      refused.rowsRead++;
      const row = parseCmapssLine(text);
      if ('reason' in row) {
        if (good === 0) refuseRow(refused, { line, reason: row.reason });
        continue;
      }
      good++;
      lastCycle.set(row.unit, Math.max(lastCycle.get(row.unit) ?? 0, row.cycle));
    }
    if (good === 0) throw telemetryErrors.nothingImported(name, refused);
    const units = [...lastCycle.keys()].sort((a, b) => a - b);
    const rul = opts.rulPath ? await this.readRul(opts.rulPath, units) : null;
    if (rul && info.split !== 'test') throw telemetryErrors.badOption('--rul goes with a test file (test_FD00x.txt)');

    const rows: FleetRow[] = units.map((unit) => ({
      assetId: cmapssAssetId(info.dataSet, info.split, unit),
      site: opts.site ?? CMAPSS_DEFAULT_SITE,
      line: info.dataSet,
      machineModel: cmapssMachineModel(info.dataSet),
      manufacturer: CMAPSS_MANUFACTURER,
      commissionedAt: '2020-01-01',
      criticality: 'medium',
      attributes: { dataSet: info.dataSet, split: info.split, unit },
      rawTags: [...CMAPSS_TAGS],
    }));
    const machines = new Map<number, MachineEntity>();
    (await this.fleet.ensureMachines(rows, actor)).forEach((m, i) => machines.set(units[i], m));
    summary.machines = machines.size;

    // Pass 2: one engine at a time (engines are contiguous in the files; a stray later row merges).
    let current: number | null = null;
    let engine: EngineRows = { cycles: [], values: [] };
    const flush = async (): Promise<void> => {
      if (current === null || engine.cycles.length === 0) return;
      await this.ingestEngine(machines.get(current)!, engine, summary);
      engine = { cycles: [], values: [] };
    };
    for await (const { line, text } of lines(path)) {
      if (text.trim() === '') continue;
      summary.rowsRead++;
      const row = parseCmapssLine(text);
      if ('reason' in row) {
        refuseRow(summary, { line, reason: row.reason });
        continue;
      }
      if (row.unit !== current) {
        await flush();
        current = row.unit;
      }
      engine.cycles.push(row.cycle);
      engine.values.push(row.values);
    }
    await flush();

    const source = `cmapss:${name}`;
    for (const unit of units) {
      let ts: number | null = null;
      if (info.split === 'train') ts = cycleTime(lastCycle.get(unit)!);
      else if (rul) ts = cycleTime(lastCycle.get(unit)! + rul[units.indexOf(unit)]);
      if (ts === null) continue;
      const event: MachineEventInput = { ts, kind: 'failure', component: FAILURE_COMPONENT, source };
      const added = await this.telemetry.addEvents(machines.get(unit)!.id, [event]);
      summary.eventsWritten += added;
      summary.eventsDuplicate += 1 - added;
    }
    await this.audit.append({ actor, action: 'telemetry.imported', subject: `telemetry:${name}`, payload: auditPayload(summary) });
    this.logger.log({ msg: 'cmapss imported', source: name, engines: units.length, written: summary.samplesWritten });
    return summary;
  }

  private async ingestEngine(machine: MachineEntity, engine: EngineRows, summary: ImportSummary): Promise<void> {
    const maxCycle = Math.max(...engine.cycles);
    const series = CMAPSS_TAGS.map(() => new Float32Array(maxCycle).fill(NaN));
    engine.cycles.forEach((c, r) => {
      const v = engine.values[r];
      for (let k = 0; k < series.length; k++) series[k][c - 1] = v[k];
    });
    const raw = Object.fromEntries(CMAPSS_TAGS.map((tag, k) => [tag, { startMs: CMAPSS_START_MS, intervalMs: CMAPSS_INTERVAL_MS, values: series[k] }]));
    addIngest(summary, await this.ingest.ingestMachineSeries(machine, raw));
  }

  private async readRul(path: string, units: number[]): Promise<number[]> {
    await assertText({ path });
    const parsed = parseRul(await fs.promises.readFile(path, 'utf8'));
    const name = inputName({ path });
    if ('reason' in parsed) throw telemetryErrors.unreadable(name, `line ${parsed.line}: ${parsed.reason}`);
    if (parsed.values.length !== units[units.length - 1] || units.length !== parsed.values.length) {
      throw telemetryErrors.badOption(
        `${name} has ${parsed.values.length} RUL values but the test file has engines 1..${units[units.length - 1]} (${units.length} engines)`,
      );
    }
    return parsed.values;
  }
}

async function* lines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const rl = readline.createInterface({ input: fs.createReadStream(path), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) yield { line: ++line, text };
}
