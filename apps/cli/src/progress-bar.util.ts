/** One line: [#####-----] 120/400 (3 failed) 12.5/s ETA 22s — redrawn in place on a terminal. */
export function progressLine(done: number, failed: number, total: number, elapsedMs: number, width = 30): string {
  const finished = done + failed;
  const share = total ? finished / total : 1;
  const filled = Math.round(share * width);
  const rate = elapsedMs > 0 ? (finished / elapsedMs) * 1000 : 0;
  const eta = rate > 0 ? Math.ceil((total - finished) / rate) : NaN;
  const failedText = failed ? ` (${failed} failed)` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total}${failedText} ${rate.toFixed(1)}/s ETA ${Number.isFinite(eta) ? `${eta}s` : '?'}`;
}
