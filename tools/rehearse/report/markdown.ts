import { phaseWindows } from '../profile';
import { FAILURE_KINDS, TRANSACTION_KINDS, type LatencySummary } from '../types';
import { errorRatePercent } from '../verdict';
import type { RehearsalReport } from './rehearsal-report';

/** File names of the chart images written beside the Markdown report. */
export const CHART_FILES = { throughput: 'throughput.svg', latency: 'latency.svg', errors: 'errors.svg' } as const;

const KIND_LABEL = {
  productRead: 'product read (read-only endpoint)',
  cartWrite: 'cart write (read/write endpoint)',
  orderWrite: 'order write (read/write endpoint)',
} as const;

function n(value: number, digits = 1): string {
  return Number(value.toFixed(digits)).toLocaleString('en-GB');
}

function duration(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

function latencyCells(l: LatencySummary): string {
  return l.count === 0 ? '– | – | – | –' : `${l.p50Ms} | ${l.p95Ms} | ${l.p99Ms} | ${l.maxMs}`;
}

/** Title of a report: campaign and environment. */
export function reportTitle(report: RehearsalReport): string {
  return `Campaign rehearsal: ${report.plan.campaignId ?? 'ad-hoc peak'} in ${report.plan.environment}`;
}

/** The Markdown report. Pure: same input, same text. */
export function renderMarkdown(report: RehearsalReport): string {
  const { plan, measurements: m, verdict } = report;
  const p = plan.profile;
  const lines: string[] = [];
  lines.push(`# ${reportTitle(report)}`, '');
  lines.push(`**Verdict** — ${verdict.headline}`, '');
  lines.push('| check | measured | threshold | result |', '|---|---|---|---|');
  for (const c of verdict.checks) lines.push(`| ${c.name} | ${c.measured} | ${c.limit} | ${c.passed ? 'pass' : '**FAIL**'} |`);
  lines.push('');
  for (const c of verdict.checks.filter((x) => !x.passed)) lines.push(`- **${c.name}**: ${c.meaning}`);
  if (verdict.checks.some((x) => !x.passed)) lines.push('');

  lines.push('## Run', '');
  lines.push(
    `- Started ${report.startedAt}, finished ${report.finishedAt}; load ran ${duration(report.elapsedMs)} of ${duration(p.durationMs)} planned${report.interrupted ? ' (**stopped early**)' : ''}.`,
  );
  lines.push(
    `- Read/write endpoint \`${report.endpoints.writer}\`, read-only endpoint \`${report.endpoints.reader}\`, TLS ${report.endpoints.tls}.`,
  );
  lines.push(
    `- Scratch schema \`${report.schema.name}\` ${report.schema.kept ? `kept (--keep): drop it with \`DROP SCHEMA ${report.schema.name} CASCADE\`` : 'dropped at the end'}.`,
  );
  lines.push('');

  lines.push('## Profile', '');
  lines.push(
    `- Baseline ${p.baseline.connections} connections, ${n(p.baseline.transactionsPerSecond)} transactions/s; peak ${p.peak.connections} connections, ${n(p.peak.transactionsPerSecond)} transactions/s.`,
  );
  for (const note of plan.notes) lines.push(`- ${note}`);
  lines.push(
    `- Phases: ${phaseWindows(p)
      .map((w) => `${w.name} ${duration(w.endMs - w.startMs)}`)
      .join(', ')}.`,
  );
  lines.push(`- Mix: ${TRANSACTION_KINDS.map((k) => `${KIND_LABEL[k]} ${n(plan.mix[k] * 100)}%`).join(', ')}.`);
  lines.push(
    `- Connections opened ${plan.connectionsPerAppInstance} at a time (one web-app instance starting); a transaction fails after waiting ${plan.acquireTimeoutMs} ms for a free connection.`,
  );
  lines.push('');

  lines.push('## Transactions', '');
  lines.push(
    `${n(m.completedTotal, 0)} completed and ${n(m.failedTotal, 0)} failed (error rate ${n(errorRatePercent(m), 3)}%) of ${n(m.scheduled, 0)} asked for by the profile${m.abandoned ? `; ${m.abandoned} still queued or running when the run stopped` : ''}.`,
    '',
  );
  lines.push('| transaction | completed | p50 ms | p95 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|---:|');
  for (const k of TRANSACTION_KINDS) lines.push(`| ${KIND_LABEL[k]} | ${m.completed[k]} | ${latencyCells(m.latencyByKind[k])} |`);
  lines.push(`| **all** | **${m.completedTotal}** | ${latencyCells(m.latency)} |`, '');
  if (m.ordersOutOfStock > 0)
    lines.push(`${m.ordersOutOfStock} order attempts found too little stock (a normal outcome, not an error).`, '');
  if (m.failedTotal > 0) {
    lines.push('| failure | count |', '|---|---:|');
    for (const f of FAILURE_KINDS) if (m.failed[f] > 0) lines.push(`| ${f} | ${m.failed[f]} |`);
    lines.push('');
  }

  lines.push('## Connections', '');
  const cl = m.connections.connectLatency;
  lines.push(
    `${m.connections.opened} opened (at most ${m.connections.peakOpen} at once), ${m.connections.refused} refused. Time to connect: p50 ${cl.p50Ms} ms, p99 ${cl.p99Ms} ms, max ${cl.maxMs} ms.`,
    '',
  );
  const reasons = Object.entries(m.connections.refusedReasons);
  if (reasons.length) {
    lines.push('| refused because | count |', '|---|---:|');
    for (const [reason, count] of reasons) lines.push(`| ${reason} | ${count} |`);
    lines.push('');
  }

  if (report.consistency) {
    lines.push('## Data check', '');
    lines.push('What the tool counted against the rows the run left in the scratch schema.', '');
    lines.push('| what | counted | in the database | |', '|---|---:|---:|---|');
    for (const c of report.consistency)
      lines.push(`| ${c.what} | ${c.counted} | ${c.inDatabase} | ${c.matches ? 'match' : '**MISMATCH**'} |`);
    lines.push('');
  }

  lines.push('## Charts', '');
  lines.push(`![Throughput and connections](${CHART_FILES.throughput})`, '');
  lines.push(`![Latency percentiles](${CHART_FILES.latency})`, '');
  lines.push(`![Failed transactions and refused connections](${CHART_FILES.errors})`, '');
  lines.push('The same charts are in `report.html` (one self-contained file); the raw time line is in `measurements.json`.', '');
  return lines.join('\n');
}
