import { Confusion, Ratio, ScopeGrade, SEGMENT_DIMENSIONS, SegmentDimension, WORKS_RULE_TEXT } from '@fleetgate/simulator';

const num = (r: Ratio) => (Number.isNaN(r.value) ? '  -  ' : r.value.toFixed(2));
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const pair = (works: number, fails: number) => pad(`${works} / ${fails}`, 13);

function row(label: string, c: Confusion): string {
  return `${pad(label, 24)} ${pad(c.machines, 8)} ${pair(c.inScopeWorks, c.inScopeFails)} ${pair(c.borderlineWorks, c.borderlineFails)} ${pair(c.keptOutWorks, c.keptOutFails)}`;
}

/** One line for the demo and the summary: precision, coverage, borderline share, with counts. */
export function gradeLine(g: ScopeGrade): string {
  return (
    `precision ${num(g.precision)} (${g.precision.count} of ${g.precision.of} in scope work) · ` +
    `coverage ${num(g.coverage)} (${g.coverage.count} of ${g.coverage.of} where it works) · ` +
    `borderline ${num(g.borderline)} (${g.borderline.count} of ${g.borderline.of})`
  );
}

const HEAD = `${pad('', 24)} ${pad('machines', 8)} ${pad('in scope', 13)} ${pad('borderline', 13)} ${pad('kept out', 13)}`;

/** The confusion table by one segment dimension (the demo shows the planted kinds). */
export function segmentRows(g: ScopeGrade, dimension: SegmentDimension): string {
  return [`${HEAD}   (works / does not)`, ...g.segments[dimension].map((s) => row(`  ${s.segment}`, s))].join('\n');
}

/** The grade as text: the line, the rule, and the confusion table overall, by failures seen and by segment. */
export function gradeText(g: ScopeGrade): string {
  const out = [
    gradeLine(g),
    `rule: ${WORKS_RULE_TEXT}`,
    '',
    `${HEAD}   (works / does not)`,
    '-'.repeat(HEAD.length),
    row('all', g.confusion),
    row('with planted failures', g.withFailures),
    row('without planted failures', g.withoutFailures),
  ];
  for (const d of SEGMENT_DIMENSIONS) {
    out.push(`by ${d}`);
    for (const s of g.segments[d]) out.push(row(`  ${s.segment}`, s));
  }
  out.push('', `machines that work and caught a failure withheld from the events: ${g.worksOnWithheldFailures}`);
  return out.join('\n');
}
