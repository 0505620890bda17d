import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ISO_TIME_HINT, parseIsoTime } from '@fleetgate/common';
import { CurrentActor } from '@fleetgate/auth';
import { FleetService } from '@fleetgate/fleet';
import { TelemetryService, telemetryErrors } from '@fleetgate/telemetry';
import { MachineEventsDto, MachineEventsQueryDto } from './machine-events.dto';

@ApiTags('telemetry')
@ApiBearerAuth()
@Controller('machines')
export class MachineEventsController {
  constructor(
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
  ) {}

  @Get(':id/events')
  @ApiOperation({ summary: 'Failures, maintenance and error events of a machine in time order (plot markers); from/to optional, ISO-8601' })
  @ApiResponse({ status: 200, type: MachineEventsDto })
  async list(@Param('id') id: string, @Query() q: MachineEventsQueryDto, @CurrentActor() actor: Actor): Promise<MachineEventsDto> {
    const time = (field: 'from' | 'to', text: string | undefined): number | undefined => {
      if (text === undefined) return undefined;
      const t = parseIsoTime(text);
      if (t === null) throw telemetryErrors.badWindow(`${field}: not ${ISO_TIME_HINT}: "${text}"`, field);
      return t;
    };
    const machine = await this.fleet.getMachine(id, actor);
    const events = await this.telemetry.events(machine.id, time('from', q.from), time('to', q.to), q.kind ? [q.kind] : undefined);
    return {
      assetId: machine.assetId,
      events: events.map((e) => ({ at: new Date(e.ts).toISOString(), kind: e.kind, component: e.component, code: e.code, source: e.source })),
    };
  }
}
