import { reportCharts } from './charts';
import { renderMarkdown, reportTitle, CHART_FILES } from './markdown';
import type { RehearsalReport } from './rehearsal-report';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline Markdown: code, bold, images become their inline SVG. */
function inline(text: string, images: Readonly<Record<string, string>>): string {
  const image = /^!\[[^\]]*\]\(([^)]+)\)$/.exec(text);
  const svg = image?.[1] ? images[image[1]] : undefined;
  if (svg) return svg;
  return escapeHtml(text.replace(/\\\|/g, '|'))
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

/** Splits a table row on the pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/**
 * The HTML report: the Markdown report's content, with the charts inline as SVG, in one file that opens
 * offline in any browser (no script, no network). Handles the small Markdown subset `renderMarkdown`
 * writes: headings, paragraphs, bullet lists, tables, fenced code, images.
 */
export function renderHtml(report: RehearsalReport): string {
  const charts = reportCharts(report);
  const images: Record<string, string> = {
    [CHART_FILES.throughput]: charts.throughput,
    [CHART_FILES.connections]: charts.connections,
    [CHART_FILES.latency]: charts.latency,
    [CHART_FILES.errors]: charts.errors,
  };
  const body: string[] = [];
  const md = renderMarkdown(report).split('\n');
  const at = (i: number) => md[i] ?? '';
  for (let i = 0; i < md.length; i++) {
    const line = at(i);
    if (line.startsWith('# ')) body.push(`<h1>${inline(line.slice(2), images)}</h1>`);
    else if (line.startsWith('## ')) body.push(`<h2>${inline(line.slice(3), images)}</h2>`);
    else if (line.startsWith('```')) {
      const code: string[] = [];
      for (i++; i < md.length && !at(i).startsWith('```'); i++) code.push(at(i));
      body.push(`<pre>${escapeHtml(code.join('\n'))}</pre>`);
    } else if (line.startsWith('- ')) {
      const items: string[] = [];
      for (; i < md.length && at(i).startsWith('- '); i++) items.push(`<li>${inline(at(i).slice(2), images)}</li>`);
      i--;
      body.push(`<ul>${items.join('')}</ul>`);
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < md.length && at(i).startsWith('|'); i++) rows.push(cells(at(i)));
      i--;
      const [head = [], , ...rest] = rows;
      body.push(
        `<table><thead><tr>${head.map((c) => `<th>${inline(c, images)}</th>`).join('')}</tr></thead><tbody>${rest
          .map(
            (r) =>
              `<tr>${r.map((c) => `<td class="${/FAIL|MISMATCH|REGRESSION/.test(c) ? 'bad' : c === 'pass' || c === 'match' ? 'good' : ''}">${inline(c, images)}</td>`).join('')}</tr>`,
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
td.bad{color:#c62828;font-weight:bold}td.good{color:#2e7d32}code{background:#f4f4f4;padding:0 .2em}svg{max-width:100%;height:auto;margin:.5em 0}pre{background:#f4f4f4;padding:.5em;overflow-x:auto;font-size:12px}
</style></head><body>
${body.join('\n')}
</body></html>
`;
}
