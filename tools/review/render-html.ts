import type { CampaignInput } from '../../lambda/pre-scaler/core';
import type { Review } from './analyze';
import { renderReviewMarkdown } from './render-markdown';
import type { MetricKey, ReviewData } from './review-data';

const CHARTS: readonly { key: MetricKey; title: string }[] = [
  { key: 'writerCpuMaxPercent', title: 'Writer CPU % (maximum)' },
  { key: 'writerConnectionsMax', title: 'Writer connections (maximum)' },
  { key: 'proxyClientConnections', title: 'Proxy client connections' },
  { key: 'commitThroughputAvgPerSecond', title: 'Commits per second' },
  { key: 'replicaLagMaxMs', title: 'Worst replica lag (ms)' },
  { key: 'readerCountMax', title: 'Readers' },
];

/**
 * The review as one self-contained HTML file (inline CSS and SVG charts, no script, nothing fetched):
 * the same sections as the Markdown, then a chart per metric with the campaign window shaded.
 */
export function renderReviewHtml(review: Review, entry: CampaignInput, data: ReviewData): string {
  const body = markdownToHtml(renderReviewMarkdown(review, entry));
  const charts = CHARTS.map((c) => chart(data, c.key, c.title)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Campaign review: ${esc(review.campaignId)} in ${esc(review.environment)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
pre{background:#f5f5f5;padding:1rem;overflow:auto}code{font-family:ui-monospace,monospace}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(30rem,1fr));gap:1rem}
figure{margin:0}figcaption{font-weight:600}svg{width:100%;height:auto;background:#fafafa}
</style></head><body>
${body}
<h2>Metrics over the reviewed range</h2>
<div class="charts">
${charts}
</div>
</body></html>
`;
}

function chart(data: ReviewData, key: MetricKey, title: string): string {
  const s = data.metrics[key];
  const W = 600;
  const H = 160;
  const { fromMs, toMs } = data.range;
  const x = (t: number) => ((t - fromMs) / Math.max(1, toMs - fromMs)) * W;
  const max = Math.max(1, ...s.values);
  const y = (v: number) => H - (v / max) * (H - 10);
  const band = `<rect x="${x(data.window.startMs).toFixed(1)}" y="0" width="${(x(data.window.endMs) - x(data.window.startMs)).toFixed(1)}" height="${H}" fill="#fde9c8"/>`;
  const points = s.timestampsMs.map((t, i) => `${x(t).toFixed(1)},${y(s.values[i] ?? 0).toFixed(1)}`).join(' ');
  const line =
    s.values.length > 0
      ? `<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${points}"/>`
      : `<text x="10" y="20">no data</text>`;
  return `<figure><figcaption>${esc(title)} (max ${Math.round(max * 10) / 10})</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${band}${line}</svg></figure>`;
}

/** Converts the review's own Markdown (headings, tables, lists, one code block, paragraphs) to HTML. */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('```')) {
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').startsWith('```'); i++) code.push(lines[i] ?? '');
      out.push(`<pre><code>${esc(code.join('\n'))}</code></pre>`);
    } else if (/^#{1,4} /.test(line)) {
      const level = line.indexOf(' ');
      out.push(`<h${level}>${inline(line.slice(level + 1))}</h${level}>`);
    } else if (line.startsWith('| ')) {
      const rows: string[] = [];
      for (; i < lines.length && (lines[i] ?? '').startsWith('|'); i++) {
        const row = lines[i] ?? '';
        if (/^\|[-|]+\|$/.test(row)) continue;
        const cells = row.slice(2, -2).split(/ (?<!\\)\| /);
        const tag = rows.length === 0 ? 'th' : 'td';
        rows.push(`<tr>${cells.map((c) => `<${tag}>${inline(c.replace(/\\\|/g, '|'))}</${tag}>`).join('')}</tr>`);
      }
      i--;
      out.push(`<table>${rows.join('')}</table>`);
    } else if (line.startsWith('- ')) {
      const items: string[] = [];
      for (; i < lines.length && (lines[i] ?? '').startsWith('- '); i++) items.push(`<li>${inline((lines[i] ?? '').slice(2))}</li>`);
      i--;
      out.push(`<ul>${items.join('')}</ul>`);
    } else if (line.trim() !== '') {
      out.push(`<p>${inline(line)}</p>`);
    }
  }
  return out.join('\n');
}

function inline(text: string): string {
  return esc(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
