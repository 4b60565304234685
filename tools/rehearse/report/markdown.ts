import type { QueryInsights } from '../insights/query-insights';
import { phaseWindows } from '../profile';
import { SATURATION_LIMITS } from '../tool-load';
import { FAILURE_KINDS, type EndpointRole, type LatencySummary } from '../types';
import { describeLevel, errorRatePercent, saturatedIntervals } from '../verdict';
import type { RehearsalReport } from './rehearsal-report';

/** File names of the chart images written beside the Markdown report. */
export const CHART_FILES = {
  throughput: 'throughput.svg',
  connections: 'connections.svg',
  latency: 'latency.svg',
  errors: 'errors.svg',
} as const;

const KIND_LABEL: Readonly<Record<string, string>> = {
  productRead: 'product read',
  cartWrite: 'cart write',
  orderWrite: 'order write',
};

const ENDPOINT_LABEL: Readonly<Record<EndpointRole, string>> = { reader: 'read-only endpoint', writer: 'read/write endpoint' };

/** A table cell: pipes escaped, new lines flattened. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
}

function shortSql(sql: string, max = 110): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The query-insights section: top statements by total time, plans, regressions. */
function insightLines(q: QueryInsights): string[] {
  const lines: string[] = ['## Query insights', ''];
  if (!q.available) {
    lines.push(`Not available: ${q.unavailableReason ?? 'pg_stat_statements could not be read'}.`, '');
    return lines;
  }
  lines.push(
    `What the database spent its time on during the run (pg_stat_statements before and after; ${q.statementsSeen} statements ran, other clients' included). **ours** marks the rehearsal's own statements: the others came from elsewhere, such as the shop itself.`,
    '',
  );
  lines.push('| # | statement | calls | total ms | mean ms | rows | |', '|---:|---|---:|---:|---:|---:|---|');
  for (const [i, s] of q.top.entries())
    lines.push(
      `| ${i + 1} | \`${cell(shortSql(s.query))}\` | ${s.calls} | ${n(s.totalMs, 1)} | ${s.meanMs} | ${s.rows} | ${s.ownStatement ? 'ours' : 'other'} |`,
    );
  lines.push('');
  for (const [i, s] of q.top.entries()) {
    if (!s.plan) continue;
    lines.push(`Plan of #${i + 1} (EXPLAIN (GENERIC_PLAN), not executed):`, '', '```', s.plan, '```', '');
  }
  if (q.baseline) {
    const b = q.baseline;
    lines.push(
      `Against the baseline \`${b.path}\` (${b.compared} statements compared; a regression is a mean time more than ${b.thresholdPercent}% higher): ${b.regressions.length === 0 ? 'no regression.' : `**${b.regressions.length} regression${b.regressions.length === 1 ? '' : 's'}**.`}`,
      '',
    );
    if (b.regressions.length) {
      lines.push('| statement | baseline mean ms | mean ms | growth |', '|---|---:|---:|---:|');
      for (const r of b.regressions)
        lines.push(`| \`${cell(shortSql(r.query))}\` | ${r.baselineMeanMs} | ${r.meanMs} | **REGRESSION** +${r.growthPercent}% |`);
      lines.push('');
    }
  }
  return lines;
}

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
  lines.push(
    `**Rehearsed peak** ${describeLevel(report.peak.rehearsed)} · **expected by the campaign** ${report.peak.expected ? describeLevel(report.peak.expected) : report.peak.campaignId ? `not stated (campaign ${report.peak.campaignId} has no expectedPeak)` : 'none (no campaign named)'}`,
    '',
  );
  lines.push('| check | measured | threshold | result |', '|---|---|---|---|');
  for (const c of verdict.checks) lines.push(`| ${c.name} | ${c.measured} | ${c.limit} | ${c.passed ? 'pass' : '**FAIL**'} |`);
  lines.push('');
  for (const c of verdict.checks.filter((x) => !x.passed)) lines.push(`- **${c.name}**: ${c.meaning}`);
  if (verdict.checks.some((x) => !x.passed)) lines.push('');

  const saturated = saturatedIntervals(m);
  if (saturated > 0) {
    lines.push('## Load generator saturated', '');
    lines.push(
      `In ${saturated} of ${m.timeline.length} intervals the tool itself could not keep up (limits: event-loop delay p99 ${SATURATION_LIMITS.eventLoopDelayP99Ms} ms, schedule slip ${SATURATION_LIMITS.scheduleSlipMs} ms, its own CPU ${SATURATION_LIMITS.cpuPercent}% of a core). Latency and rate in those intervals (red in the charts) describe this machine, not the database.`,
      '',
    );
    lines.push('| interval | why |', '|---|---|');
    for (const s of m.timeline.filter((x) => x.tool.saturatedBy.length > 0).slice(0, 20))
      lines.push(`| ${n(s.startMs / 1000, 0)}–${n(s.endMs / 1000, 0)} s | ${s.tool.saturatedBy.join('; ')} |`);
    lines.push('');
  }

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
  if (report.leftoverSchemas) {
    lines.push(
      `- Found ${report.leftoverSchemas.names.length} scratch schema(s) left by earlier runs: ${report.leftoverSchemas.names.map((s) => `\`${s}\``).join(', ')}. Drop them with \`${report.leftoverSchemas.dropCommand}\`.`,
    );
  }
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
  const totalWeight = report.workload.statements.reduce((sum, s) => sum + s.weight, 0);
  lines.push(
    `- Workload: ${report.workload.description}: ${report.workload.statements.map((s) => `${KIND_LABEL[s.name] ?? s.name} ${n((s.weight / totalWeight) * 100)}% (${ENDPOINT_LABEL[s.endpoint]})`).join(', ')}. Each statement is a transaction of its own, sent as an unnamed prepared statement.`,
  );
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
  for (const s of report.workload.statements) {
    const latency = m.latencyByStatement[s.name];
    lines.push(
      `| ${KIND_LABEL[s.name] ?? s.name} (${ENDPOINT_LABEL[s.endpoint]}) | ${m.completed[s.name] ?? 0} | ${latency ? latencyCells(latency) : '– | – | – | –'} |`,
    );
  }
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

  lines.push(...insightLines(report.queryInsights));

  lines.push('## Charts', '');
  lines.push(`![Throughput against the profile's target](${CHART_FILES.throughput})`, '');
  lines.push(`![Client connections](${CHART_FILES.connections})`, '');
  lines.push(`![Latency percentiles](${CHART_FILES.latency})`, '');
  lines.push(`![Failed transactions and refused connections](${CHART_FILES.errors})`, '');
  lines.push('The same charts are in `report.html` (one self-contained file); the raw time line is in `measurements.json`.', '');
  return lines.join('\n');
}
