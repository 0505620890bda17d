import { Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse';
import { AuditService } from '@fleetgate/audit';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { IngestService } from '../ingest/ingest.service';
import { RawSamples } from '../ingest/ingest.types';
import { inferInterval } from '../ingest/sample-grid.util';
import { telemetryErrors } from '../telemetry.exception';
import { cellCountProblem, longHeader, parseLongRow, parseTimestamp, parseValue } from './csv-row.util';
import { addIngest, addRejection, emptySummary, ImportSummary, nothingImported, refuseRow } from './import.types';
import { SampleAccumulator, splitConflicts } from './sample-accumulator.util';
import { assertText, inputName, openStream, TextInput } from './text-input.util';

export interface CsvImportOptions {
  format: 'wide' | 'long';
  /** wide format: the one machine the file is about */
  machine?: string;
  /** fixed sampling interval; else inferred per series */
  intervalMs?: number;
  /** flush thresholds (tests make them small to exercise the streaming path) */
  flushPerTag?: number;
  flushTotal?: number;
}

type TagState = { signal: string } | { reason: string };

/**
 * Streams a telemetry CSV into the store. Wide: `timestamp,<raw tag>,…` for one machine;
 * long: `asset_id,timestamp,tag,value` for many. Rows are validated one by one; every
 * refused row or cell is listed with its line and reason; the good ones are imported.
 * When everything was refused and nothing stored, the import fails (nothing written, not audited).
 */
@Injectable()
export class CsvImportService {
  private readonly logger = new Logger(CsvImportService.name);

  constructor(
    private readonly fleet: FleetService,
    private readonly ingest: IngestService,
    private readonly audit: AuditService,
  ) {}

  async importCsv(input: TextInput, opts: CsvImportOptions, actor: string): Promise<ImportSummary> {
    await assertText(input);
    const name = inputName(input);
    if (opts.intervalMs !== undefined && !(Number.isInteger(opts.intervalMs) && opts.intervalMs > 0))
      throw telemetryErrors.badOption('--interval must be a positive duration');
    let fixedMachine: MachineEntity | null = null;
    if (opts.format === 'wide') {
      if (!opts.machine) throw telemetryErrors.badOption('wide format needs the machine (--machine <asset id>)');
      fixedMachine = await this.fleet.findByAssetId(opts.machine);
      if (!fixedMachine) throw telemetryErrors.unknownMachine(opts.machine);
    }
    const summary = emptySummary(opts.format === 'wide' ? 'csv-wide' : 'csv-long', name);
    const acc = new SampleAccumulator(opts.flushPerTag, opts.flushTotal);
    const machines = new Map<string, MachineEntity | null>();
    const tagStates = new Map<string, Map<string, TagState>>();
    const intervals = new Map<string, number>();
    if (fixedMachine) machines.set(fixedMachine.assetId, fixedMachine);

    const flush = async (assetId: string): Promise<void> => {
      const machine = machines.get(assetId)!;
      const raw: Record<string, RawSamples> = {};
      const firstLine = new Map<string, number>();
      for (const [tag, buffered] of acc.take(assetId)) {
        const { kept: buf, conflicts } = splitConflicts(buffered);
        for (const c of conflicts) {
          const at = new Date(c.t).toISOString();
          const values = c.samples.map((x) => `${x.value} (line ${x.line})`).join(', ');
          for (const x of c.samples) {
            const r = { line: x.line, column: tag, reason: `conflicting values for "${tag}" at "${at}": ${values}; none imported` };
            if (opts.format === 'long') refuseRow(summary, r);
            else addRejection(summary, r);
          }
        }
        if (buf.times.length === 0) continue;
        const key = `${assetId}\u0000${tag}`;
        const interval = opts.intervalMs ?? intervals.get(key) ?? inferInterval(buf.times);
        if (interval === null) {
          addRejection(summary, { line: buf.firstLine, column: tag, reason: 'a single sample: the sampling interval cannot be inferred (pass --interval)' });
          continue;
        }
        intervals.set(key, interval);
        raw[tag] = { intervalMs: interval, times: buf.times, values: buf.values };
        firstLine.set(tag, buf.firstLine);
      }
      if (Object.keys(raw).length === 0) return;
      const result = await this.ingest.ingestMachineSeries(machine, raw);
      addIngest(summary, result);
      for (const r of result.rejectedTags)
        addRejection(summary, { line: firstLine.get(r.rawTag) ?? 1, column: r.rawTag, reason: `${r.reason} (${r.samples} samples)` }, r.samples);
    };
    const flushAll = async (): Promise<void> => {
      for (const m of acc.machines()) await flush(m);
    };

    const parser = openStream(input).pipe(parse({ relax_column_count: true, skip_empty_lines: true, trim: true, info: true, bom: true }));
    let header: string[] | null = null;
    let wideTags: Array<{ tag: string; col: number; state: TagState; skipped: number }> = [];
    let longIndex: Extract<ReturnType<typeof longHeader>, { index: unknown }>['index'] | null = null;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const line = info.lines;
        if (!header) {
          header = record;
          if (opts.format === 'wide') wideTags = await this.wideHeader(name, header, fixedMachine!, summary);
          else {
            const h = longHeader(header);
            if ('missing' in h)
              throw telemetryErrors.badHeader(
                name,
                `long format needs columns ${['asset_id', 'timestamp', 'tag', 'value'].join(',')}; missing ${h.missing.join(', ')}`,
              );
            longIndex = h.index;
          }
          continue;
        }
        summary.rowsRead++;
        const cells = cellCountProblem(record, header.length);
        if (cells) {
          refuseRow(summary, { line, reason: cells });
          continue;
        }
        if (opts.format === 'wide') {
          const t = parseTimestamp(record[0] ?? '');
          if (t === null) {
            refuseRow(summary, { line, reason: `bad timestamp "${record[0] ?? ''}" (ISO-8601 or epoch ms)` });
            continue;
          }
          let flushNow = false;
          let refusedCells = 0;
          for (const w of wideTags) {
            const cell = record[w.col] ?? '';
            const v = parseValue(cell);
            if (v === null) {
              addRejection(summary, { line, column: w.tag, reason: `non-numeric value "${cell}"` });
              refusedCells++;
              continue;
            }
            if ('reason' in w.state) {
              if (v === v) w.skipped++;
              continue;
            }
            if (acc.add(fixedMachine!.assetId, w.tag, t, v, line)) flushNow = true;
          }
          // Every value cell refused: the row as a whole is refused too.
          if (refusedCells === wideTags.length) summary.rowsRefused++;
          if (flushNow || acc.full) await flushAll();
          continue;
        }
        const row = parseLongRow(record, longIndex!);
        if ('reason' in row) {
          refuseRow(summary, { line, reason: row.reason });
          continue;
        }
        const machine = await this.machine(row.assetId, machines);
        if (!machine) {
          refuseRow(summary, { line, reason: `unknown asset "${row.assetId}" (not in the fleet registry)` });
          continue;
        }
        const state = await this.tagState(machine, row.tag, tagStates);
        if ('reason' in state) {
          refuseRow(summary, { line, column: row.tag, reason: state.reason });
          const bad = summary.unmappedTags[row.assetId] ?? (summary.unmappedTags[row.assetId] = []);
          if (!bad.includes(row.tag)) bad.push(row.tag);
          continue;
        }
        if (acc.add(row.assetId, row.tag, row.t, row.value, line) || acc.full) await flushAll();
      }
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('CSV_')) {
        throw telemetryErrors.unreadable(name, `not a parseable CSV (${(error as Error).message})`);
      }
      throw error;
    }
    if (!header) throw telemetryErrors.badHeader(name, 'no header line');
    await flushAll();
    for (const w of wideTags) {
      if ('reason' in w.state)
        addRejection(summary, { line: 1, column: w.tag, reason: `${w.state.reason}; its ${w.skipped} values were not imported` }, w.skipped);
    }
    summary.machines = [...machines.values()].filter(Boolean).length;
    if (nothingImported(summary)) throw telemetryErrors.nothingImported(name, summary);
    await this.audit.append({ actor, action: 'telemetry.imported', subject: `telemetry:${name}`, payload: auditPayload(summary) });
    this.logger.log({ msg: 'csv imported', source: name, rows: summary.rowsRead, written: summary.samplesWritten, rejected: summary.rejected });
    return summary;
  }

  private async wideHeader(name: string, header: string[], machine: MachineEntity, summary: ImportSummary) {
    const first = (header[0] ?? '').trim().toLowerCase();
    if (first !== 'timestamp' && first !== 'time')
      throw telemetryErrors.badHeader(name, `wide format starts with a "timestamp" column, found "${header[0] ?? ''}"`);
    const tags = header.slice(1).map((t) => t.trim());
    if (tags.length === 0) throw telemetryErrors.badHeader(name, 'wide format needs at least one raw tag column after timestamp');
    const empty = tags.findIndex((t) => t === '');
    if (empty >= 0) throw telemetryErrors.badHeader(name, `column ${empty + 2} has no tag name`);
    const dup = tags.find((t, i) => tags.indexOf(t) !== i);
    if (dup) throw telemetryErrors.badHeader(name, `tag "${dup}" appears twice in the header`);
    const res = await this.ingest.resolve(machine, tags);
    const states = new Map<string, TagState>(res.mapped.map((m) => [m.rawTag, { signal: m.signal }]));
    for (const t of res.unmapped) states.set(t, { reason: `unmapped tag "${t}": no mapping rule matches it for "${machine.assetId}"` });
    for (const a of res.ambiguous)
      states.set(a.rawTag, { reason: `ambiguous tag "${a.rawTag}": rules ${a.candidates.map((c) => c.ruleId).join(', ')} disagree` });
    for (const d of res.duplicateSignals) for (const t of d.rawTags) states.set(t, { reason: `tags ${d.rawTags.join(', ')} all map to ${d.signal}` });
    const bad = tags.filter((t) => 'reason' in states.get(t)!);
    if (bad.length) summary.unmappedTags[machine.assetId] = bad;
    return tags.map((tag, i) => ({ tag, col: i + 1, state: states.get(tag)!, skipped: 0 }));
  }

  private async machine(assetId: string, cache: Map<string, MachineEntity | null>): Promise<MachineEntity | null> {
    if (!cache.has(assetId)) cache.set(assetId, await this.fleet.findByAssetId(assetId));
    return cache.get(assetId)!;
  }

  /** Maps a raw tag of a machine once per import; a second tag feeding the same signal is refused. */
  private async tagState(machine: MachineEntity, tag: string, cache: Map<string, Map<string, TagState>>): Promise<TagState> {
    let states = cache.get(machine.assetId);
    if (!states) cache.set(machine.assetId, (states = new Map()));
    const known = states.get(tag);
    if (known) return known;
    const res = await this.ingest.resolve(machine, [tag]);
    let state: TagState;
    if (res.mapped.length === 1) {
      const signal = res.mapped[0].signal;
      const owner = [...states.entries()].find(([, s]) => 'signal' in s && s.signal === signal);
      state = owner ? { reason: `tag "${tag}" maps to ${signal}, already fed by tag "${owner[0]}"` } : { signal };
    } else if (res.ambiguous.length) {
      state = { reason: `ambiguous tag "${tag}": rules ${res.ambiguous[0].candidates.map((c) => c.ruleId).join(', ')} disagree` };
    } else {
      state = { reason: `unmapped tag "${tag}": no mapping rule matches it for "${machine.assetId}"` };
    }
    states.set(tag, state);
    return state;
  }
}

export function auditPayload(s: ImportSummary): Record<string, unknown> {
  return {
    kind: s.kind,
    rowsRead: s.rowsRead,
    machines: s.machines,
    samplesWritten: s.samplesWritten,
    duplicates: s.duplicates,
    replaced: s.replaced,
    rejected: s.rejected,
    eventsWritten: s.eventsWritten,
    mappingVersions: s.mappingVersions,
  };
}
