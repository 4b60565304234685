import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { reportCharts } from './charts';
import { renderHtml } from './html';
import { CHART_FILES, renderMarkdown } from './markdown';
import type { RehearsalReport } from './rehearsal-report';

/** Where a report was written. */
export interface WrittenReport {
  readonly directory: string;
  readonly markdown: string;
  readonly html: string;
  readonly measurements: string;
}

/** `<env>-<campaign>-<yyyymmdd-hhmmss>`, safe as a directory name. */
export function reportDirectoryName(report: RehearsalReport): string {
  const stamp = report.startedAt.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const campaign = (report.plan.campaignId ?? 'adhoc').replace(/[^A-Za-z0-9_-]+/g, '-');
  return `${report.plan.environment}-${campaign}-${stamp}`;
}

/** Writes `report.md`, the four chart SVGs it links, `report.html` and `measurements.json`. */
export async function writeReport(report: RehearsalReport, reportRoot: string): Promise<WrittenReport> {
  const directory = resolve(reportRoot, reportDirectoryName(report));
  await mkdir(directory, { recursive: true });
  const charts = reportCharts(report);
  const written: WrittenReport = {
    directory,
    markdown: join(directory, 'report.md'),
    html: join(directory, 'report.html'),
    measurements: join(directory, 'measurements.json'),
  };
  await Promise.all([
    writeFile(written.markdown, renderMarkdown(report)),
    writeFile(written.html, renderHtml(report)),
    writeFile(written.measurements, `${JSON.stringify(report, null, 2)}\n`),
    writeFile(join(directory, CHART_FILES.throughput), charts.throughput),
    writeFile(join(directory, CHART_FILES.connections), charts.connections),
    writeFile(join(directory, CHART_FILES.latency), charts.latency),
    writeFile(join(directory, CHART_FILES.errors), charts.errors),
  ]);
  return written;
}
