import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse';
import { AuditService } from '@fleetgate/audit';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { TelemetryService } from '../store/telemetry.service';
import { EVENT_KINDS, EventKind, MachineEventInput } from '../store/telemetry.types';
import { telemetryErrors } from '../telemetry.exception';
import { auditPayload } from './csv-import.service';
import { cellCountProblem, parseTimestamp } from './csv-row.util';
import { addRejection, emptySummary, ImportSummary, nothingImported } from './import.types';
import { assertText, inputName, openStream, TextInput } from './text-input.util';

const COLUMNS = ['asset_id', 'timestamp', 'kind', 'component', 'code'] as const;
const OPTIONAL_COLUMNS: readonly string[] = ['component', 'code'];
const BATCH = 1000;
const MAX_TEXT = 100;

/**
 * `asset_id,timestamp,kind,component,code` rows → failure / maintenance / error events
 * (`component` and `code` columns optional; an `error` row needs its code); re-importing adds nothing.
 */
@Injectable()
export class EventsImportService {
  constructor(
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
    private readonly audit: AuditService,
  ) {}

  async importEvents(input: TextInput, actor: string): Promise<ImportSummary> {
    await assertText(input);
    const name = inputName(input);
    const summary = emptySummary('events', name);
    const source = `import:${name}`;
    const machines = new Map<string, MachineEntity | null>();
    const pending = new Map<string, MachineEventInput[]>();
    let held = 0;
    const flush = async (): Promise<void> => {
      for (const [machineId, events] of pending) {
        const added = await this.telemetry.addEvents(machineId, events);
        summary.eventsWritten += added;
        summary.eventsDuplicate += events.length - added;
      }
      pending.clear();
      held = 0;
    };
    let index: number[] | null = null;
    let headerCells = 0;
    const parser = openStream(input).pipe(parse({ relax_column_count: true, skip_empty_lines: true, trim: true, info: true, bom: true }));
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const line = info.lines;
        if (!index) {
          const names = record.map((h) => h.trim().toLowerCase());
          const missing = COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !names.includes(c));
          if (missing.length) throw telemetryErrors.badHeader(name, `events need columns ${COLUMNS.join(',')}; missing ${missing.join(', ')}`);
          index = COLUMNS.map((c) => names.indexOf(c));
          headerCells = record.length;
          continue;
        }
        summary.rowsRead++;
        // A row that does not line up with the header would put values in the wrong columns.
        const cells = cellCountProblem(record, headerCells);
        if (cells) {
          addRejection(summary, { line, reason: cells });
          continue;
        }
        const [assetId, ts, kind, component, code] = index.map((i) => (i >= 0 ? (record[i] ?? '').trim() : ''));
        const t = parseTimestamp(ts);
        if (t === null) {
          addRejection(summary, { line, reason: `bad timestamp "${ts}" (ISO-8601 or epoch ms)` });
          continue;
        }
        if (!EVENT_KINDS.includes(kind.toLowerCase() as EventKind)) {
          addRejection(summary, { line, column: 'kind', reason: `kind must be ${EVENT_KINDS.join(', ')}, got "${kind}"` });
          continue;
        }
        if (kind.toLowerCase() === 'error' && !code) {
          addRejection(summary, { line, column: 'code', reason: 'an error event needs its code (e.g. error3, E104)' });
          continue;
        }
        const tooLong = component.length > MAX_TEXT ? 'component' : code.length > MAX_TEXT ? 'code' : null;
        if (tooLong) {
          addRejection(summary, { line, column: tooLong, reason: `${tooLong} longer than ${MAX_TEXT} characters` });
          continue;
        }
        if (!machines.has(assetId)) machines.set(assetId, assetId ? await this.fleet.findByAssetId(assetId) : null);
        const machine = machines.get(assetId);
        if (!machine) {
          addRejection(summary, { line, reason: `unknown asset "${assetId}" (not in the fleet registry)` });
          continue;
        }
        const list = pending.get(machine.id) ?? [];
        list.push({ ts: t, kind: kind.toLowerCase() as EventKind, component, code, source });
        pending.set(machine.id, list);
        if (++held >= BATCH) await flush();
      }
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('CSV_')) throw telemetryErrors.unreadable(name, `not a parseable CSV (${(error as Error).message})`);
      throw error;
    }
    if (!index) throw telemetryErrors.badHeader(name, 'no header line');
    await flush();
    summary.machines = [...machines.values()].filter(Boolean).length;
    summary.rowsRefused = summary.rejected; // every events rejection is a whole row
    if (nothingImported(summary)) throw telemetryErrors.nothingImported(name, summary);
    await this.audit.append({ actor, action: 'telemetry.events-imported', subject: `events:${name}`, payload: auditPayload(summary) });
    return summary;
  }
}
