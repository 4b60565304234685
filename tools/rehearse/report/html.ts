import { reportCharts } from './charts';
import { renderMarkdown, reportTitle, CHART_FILES } from './markdown';
import type { RehearsalReport } from './rehearsal-report';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline Markdown: code, bold, images become their inline SVG. */
function inline(text: string, images: Record<string, string>): string {
  const src = /^!\[[^\]]*\]\(([^)]+)\)$/.exec(text)?.[1];
  const svg = src === undefined ? undefined : images[src];
  if (svg) return svg;
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

/** The lines of `lines` from `start` on that begin with `prefix`, up to the first that does not. */
function linesStartingWith(lines: readonly string[], start: number, prefix: string): string[] {
  const out: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith(prefix)) break;
    out.push(line);
  }
  return out;
}

/**
 * The HTML report: the Markdown report's content, with the charts inline as SVG, in one file that opens
 * offline in any browser (no script, no network). Handles the small Markdown subset `renderMarkdown`
 * writes: headings, paragraphs, bullet lists, tables, images.
 */
export function renderHtml(report: RehearsalReport): string {
  const charts = reportCharts(report);
  const images: Record<string, string> = {
    [CHART_FILES.throughput]: charts.throughput,
    [CHART_FILES.latency]: charts.latency,
    [CHART_FILES.errors]: charts.errors,
  };
  const body: string[] = [];
  const md = renderMarkdown(report).split('\n');
  for (let i = 0; i < md.length; i++) {
    const line = md[i];
    if (line === undefined) break;
    if (line.startsWith('# ')) body.push(`<h1>${inline(line.slice(2), images)}</h1>`);
    else if (line.startsWith('## ')) body.push(`<h2>${inline(line.slice(3), images)}</h2>`);
    else if (line.startsWith('- ')) {
      const items = linesStartingWith(md, i, '- ');
      i += items.length - 1;
      body.push(`<ul>${items.map((item) => `<li>${inline(item.slice(2), images)}</li>`).join('')}</ul>`);
    } else if (line.startsWith('|')) {
      const rows = linesStartingWith(md, i, '|').map((row) =>
        row
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim()),
      );
      i += rows.length - 1;
      const [head = [], , ...rest] = rows;
      body.push(
        `<table><thead><tr>${head.map((c) => `<th>${inline(c, images)}</th>`).join('')}</tr></thead><tbody>${rest
          .map(
            (r) =>
              `<tr>${r.map((c) => `<td class="${/FAIL|MISMATCH/.test(c) ? 'bad' : c === 'pass' || c === 'match' ? 'good' : ''}">${inline(c, images)}</td>`).join('')}</tr>`,
          )
          .join('')}</tbody></table>`,
      );
    } else if (line.trim()) body.push(`<p>${inline(line, images)}</p>`);
  }
  const colour = report.verdict.outcome === 'held' ? '#2e7d32' : report.verdict.outcome === 'did-not-hold' ? '#c62828' : '#ef6c00';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(reportTitle(report))}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222}
h1{border-bottom:4px solid ${colour};padding-bottom:.3em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
td.bad{color:#c62828;font-weight:bold}td.good{color:#2e7d32}code{background:#f4f4f4;padding:0 .2em}svg{max-width:100%;height:auto;margin:.5em 0}
</style></head><body>
${body.join('\n')}
</body></html>
`;
}
