import type { CampaignInput } from '../../lambda/pre-scaler/core';
import { type Interval, iso, minutes, type Peak, type Review } from './analyze';
import { formatCost } from './cost';
import { formatCalendarEntry, nextCalendarEntry } from './next-calendar-entry';

/** The review as Markdown: the answers first, then the evidence. */
export function renderReviewMarkdown(review: Review, entry: CampaignInput): string {
  const out: string[] = [
    `# Campaign review: ${review.campaignId} in ${review.environment}`,
    '',
    `Window ${iso(review.window.startMs)} → ${iso(review.window.endMs)}. Metrics: ${review.resolutionNote}.`,
  ];
  if (review.gaps.length > 0) out.push('', '**Missing data**', '', ...review.gaps.map((g) => `- ${g}`));
  out.push('', '## Ready before the start?', '', review.readiness.text);
  out.push(
    '',
    '## Peaks against what was expected and the limits',
    '',
    '| Measure | Peak | At | Expected | Limit | Of limit |',
    '|---|---|---|---|---|---|',
  );
  for (const p of review.peaks) out.push(peakRow(p));
  out.push('', '## Cost', '', `${formatCost(review.cost)}.`, '', `Interval: ${review.costBasis}.`);
  for (const line of review.cost.lines)
    out.push(`- ${line.what}: ${round1(line.extraHours)} ${review.cost.unit}${line.usd !== undefined ? `, $${line.usd.toFixed(2)}` : ''}`);
  if (review.cost.sources.length > 0) out.push('', `Prices: tools/review/prices.ts (${review.cost.sources.join(', ')}).`);
  out.push('', '## Next entry', '');
  if (review.sizing) out.push(...review.sizing.explanation.map((e) => `- ${e}`));
  if (review.sizingNote) out.push(`- ${review.sizingNote}`);
  out.push(
    `- \`expectedPeak\` from the measured peak: ${describePeak(review)}.`,
    '',
    'Ready to paste into `config/campaigns.ts` (set the next dates and a new `id`):',
    '',
    '```ts',
    formatCalendarEntry(nextCalendarEntry(entry, review)),
    '```',
  );
  out.push('', "## The pre-scaler's steps", '');
  if (review.steps.length === 0)
    out.push(
      review.readiness.runs === 0
        ? 'No run was logged.'
        : `No step taken: ${review.readiness.runs} runs, all waiting or with nothing to do.`,
    );
  else {
    out.push('| At | Step | Outcome | Reason |', '|---|---|---|---|');
    for (const s of review.steps)
      out.push(`| ${iso(s.atMs)} | ${s.action}${s.direction ? ` (${s.direction})` : ''} | ${s.outcome} | ${cell(s.reason)} |`);
  }
  out.push(
    '',
    '## Failovers and class changes (RDS events)',
    '',
    ...intervals([...review.failovers, ...review.modifications], 'None in the data.'),
  );
  out.push('', '## Alarms that fired', '', ...intervals(review.alarms, 'None.'));
  return `${out.join('\n')}\n`;
}

function peakRow(p: Peak): string {
  const v = (n: number | undefined) => (n === undefined ? '—' : `${round1(n)} ${p.unit}`);
  const ofLimit = p.measured !== undefined && p.limit ? `${Math.round((p.measured / p.limit.value) * 100)} %` : '—';
  return `| ${p.what} | ${p.measured === undefined ? 'no data' : v(p.measured)} | ${p.atMs === undefined ? '—' : iso(p.atMs)} | ${v(p.expected)} | ${p.limit ? `${round1(p.limit.value)} (${p.limit.name})` : '—'} | ${ofLimit} |`;
}

function describePeak(review: Review): string {
  const p = review.nextExpectedPeak;
  const parts = [
    ...(p.clientConnections !== undefined ? [`clientConnections ${p.clientConnections}`] : []),
    ...(p.transactionsPerSecond !== undefined ? [`transactionsPerSecond ${p.transactionsPerSecond} (commits per second)`] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : 'nothing measured, kept as it was';
}

function intervals(list: readonly Interval[], none: string): string[] {
  if (list.length === 0) return [none];
  return list.map(
    (i) => `- ${iso(i.startMs)}${i.endMs !== undefined ? ` → ${iso(i.endMs)} (${minutes(i.endMs - i.startMs)})` : ''}: ${i.label}`,
  );
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function round1(n: number): string {
  return (Math.round(n * 10) / 10).toLocaleString('en-US');
}
