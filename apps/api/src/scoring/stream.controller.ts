import { BeforeApplicationShutdown, Controller, Get, Headers, Logger, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Actor, invalid } from '@fleetgate/common';
import { CurrentActor } from '@fleetgate/auth';
import { StreamService } from '@fleetgate/scoring';

/** How often an open stream looks at the outbox, and how often it sends a keep-alive comment. */
export const STREAM_POLL_MS = 500;
export const STREAM_HEARTBEAT_MS = 15_000;

@ApiTags('health')
@ApiBearerAuth()
@Controller('stream')
export class StreamController implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamController.name);
  /** Open streams: ended before the server closes, which would otherwise wait for them for ever. */
  private readonly streams = new Set<() => void>();

  constructor(private readonly stream: StreamService) {}

  @Get()
  @ApiOperation({
    summary:
      'Server-Sent Events: evaluation-progress, health-changed and alarm-* events the caller may see (plant managers: their sites). Authenticate with the Authorization header (fetch streaming, not EventSource); resume with Last-Event-ID',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (default: only events from now on)' })
  @ApiResponse({ status: 200, description: 'An endless text/event-stream; each event has an id, a type and JSON data' })
  @ApiResponse({ status: 400, description: 'Last-Event-ID is not a non-negative integer' })
  async open(
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ): Promise<void> {
    let after: number;
    if (lastEventId !== undefined && lastEventId !== '') {
      if (!/^\d{1,15}$/.test(lastEventId.trim()))
        throw invalid('Last-Event-ID must be a non-negative integer', [{ field: 'Last-Event-ID', message: 'not an event id' }]);
      after = Number(lastEventId.trim());
    } else after = await this.stream.latestId();
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 2000\n: stream open after ${after}\n\n`);
    let closed = false;
    let busy = false;
    const poll = async () => {
      if (closed || busy) return;
      busy = true;
      try {
        const { messages, lastId } = await this.stream.after(actor, after);
        for (const m of messages) res.write(`id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify(m.data)}\n\n`);
        after = lastId;
      } catch (error) {
        this.logger.warn({ msg: 'stream poll failed', error: error instanceof Error ? error.message : String(error) });
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void poll(), STREAM_POLL_MS);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), STREAM_HEARTBEAT_MS);
    const stop = () => {
      closed = true;
      clearInterval(timer);
      clearInterval(heartbeat);
      this.streams.delete(end);
    };
    const end = () => {
      stop();
      res.end();
    };
    this.streams.add(end);
    req.on('close', stop);
    res.on('close', stop);
    await poll();
  }

  beforeApplicationShutdown(): void {
    for (const end of [...this.streams]) end();
  }
}
