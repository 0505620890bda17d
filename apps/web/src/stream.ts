import { readToken } from './session';

/** One server-sent event: its `event:` name (default "message") and its data parsed as JSON when it is JSON. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/** Splits a text/event-stream buffer into whole events and the unfinished rest. */
export function parseSse(buffer: string): { events: StreamEvent[]; rest: string } {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events: StreamEvent[] = [];
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const [field, ...value] = line.split(':');
      const text = value.join(':').replace(/^ /, '');
      if (field === 'event') event = text;
      else if (field === 'data') data.push(text);
    }
    if (data.length === 0) continue;
    const joined = data.join('\n');
    let parsed: unknown = joined;
    try {
      parsed = JSON.parse(joined);
    } catch {
      // plain text data stays text
    }
    events.push({ event, data: parsed });
  }
  return { events, rest };
}

/**
 * Reads the api's event stream with fetch (EventSource cannot send the Bearer header) until
 * `signal` aborts. Resolves false at once when the api has no stream (the caller polls instead).
 */
export async function readStream(onEvent: (e: StreamEvent) => void, signal: AbortSignal): Promise<boolean> {
  let res: Response;
  try {
    res = await fetch('/api/stream', { headers: { Authorization: `Bearer ${readToken() ?? ''}`, Accept: 'text/event-stream' }, signal });
  } catch {
    return false;
  }
  if (!res.ok || !res.body) return false;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const parsed = parseSse(buffer + value);
      buffer = parsed.rest;
      parsed.events.forEach(onEvent);
    }
  } catch {
    // aborted or dropped: the caller's polling carries on
  }
  return true;
}
