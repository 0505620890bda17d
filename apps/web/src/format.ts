const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-03-01 14:05 UTC` for an epoch ms or ISO time. */
export function utc(t: number | string): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** The viewer's local wall time of the same instant, `14:05 local` (with the date when it differs from UTC's). */
export function local(t: number | string): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.getDate() === d.getUTCDate();
  const date = sameDay ? '' : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `;
  return `${date}${pad(d.getHours())}:${pad(d.getMinutes())} local`;
}

export function pct(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(digits)} %`;
}

export function num(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
}
