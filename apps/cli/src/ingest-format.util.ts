import type { LiveStatus } from '@fleetgate/telemetry';

/** How long since `iso`, as "42 s", "7 min", "3 h" or "2 d" ago. */
export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/** `fleetgate ingest status` as text: rates, machines (the most silent first), dead letters by reason and the newest few. */
export function ingestStatusText(s: LiveStatus, recent = 5): string {
  const now = Date.parse(s.at);
  const r = s.rates;
  const lines = [
    `live ingest at ${s.at} — last ${r.windowMinutes} min: ${r.messagesPerMinute} messages/min, ${r.samplesPerMinute} samples/min, ${r.deadLetteredPerMinute} dead-lettered/min`,
  ];
  if (s.machines.length === 0) lines.push('no machine has sent a live message yet');
  else {
    lines.push(`${s.machines.length} machine(s), the longest silent first:`);
    const width = Math.max(...s.machines.map((m) => m.assetId.length));
    const bySilence = [...s.machines].sort((a, b) => a.lastMessageAt.localeCompare(b.lastMessageAt) || a.assetId.localeCompare(b.assetId));
    for (const m of bySilence)
      lines.push(`  ${m.assetId.padEnd(width)}  last message ${ago(m.lastMessageAt, now)}  newest sample ${m.lastSampleAt ?? '—'}  ${m.messages} message(s)`);
  }
  const d = s.deadLetters;
  if (d.messages === 0) lines.push('no dead letters');
  else {
    lines.push(`dead letters: ${d.messages} message(s)`);
    for (const b of d.byReason) lines.push(`  ${b.kind.padEnd(16)} ${b.messages} message(s), ${b.samples} value(s), last ${ago(b.lastAt, now)}`);
    lines.push(`newest:`);
    for (const x of d.recent.slice(0, recent))
      lines.push(`  ${x.receivedAt}  ${x.assetId ?? x.topic}  ${x.kind}${x.tag ? ` [${x.tag}]` : ''}: ${x.detail}${x.truncated ? ' (payload truncated)' : ''}`);
  }
  return lines.join('\n');
}
