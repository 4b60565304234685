/**
 * Small line charts as inline SVG, so the HTML report is one self-contained file that needs no network
 * or script to view. Hand-written rather than a charting library: the libraries that render offline
 * (Vega, ECharts, Chart.js, uPlot) draw in the browser with JavaScript, so the report would have to inline
 * hundreds of kilobytes of script, and none is installed here. The four charts need only lines, a log
 * axis, shaded bands and labels, which this file draws in ~150 lines that tests can read.
 */

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  /** `[x, y]` points; x in seconds since the start. */
  readonly points: ReadonlyArray<readonly [number, number]>;
  /** Dashed line (for targets and thresholds). @default false */
  readonly dashed?: boolean;
  /** Line width. @default 1.8 */
  readonly width?: number;
  /** Write the series' name at the end of its line (thresholds). @default false */
  readonly labelAtEnd?: boolean;
}

/** A vertical band: a phase of the run, or an interval to warn about. */
export interface ChartBand {
  readonly label: string;
  readonly fromX: number;
  readonly toX: number;
  /** `alert` bands are red and drawn over the phase bands. @default 'phase' */
  readonly kind?: 'phase' | 'alert';
}

export interface LineChart {
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly bands?: readonly ChartBand[];
  /** `log` suits latencies, which span orders of magnitude. @default 'linear' */
  readonly yScale?: 'linear' | 'log';
  /** @default 760 */
  readonly width?: number;
  /** @default 240 */
  readonly height?: number;
}

const MARGIN = { left: 56, right: 16, top: 28, bottom: 44 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A "nice" upper bound and step for an axis: 1, 2 or 5 times a power of ten. */
export function niceScale(max: number, ticks = 5): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 0.2 };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return { max: Math.ceil(max / step - 1e-9) * step, step };
}

/** Decades of a log axis covering `[min, max]` (positive values only): the powers of ten at its ends. */
export function logScale(values: readonly number[]): { min: number; max: number } {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return { min: 0.1, max: 10 };
  const min = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  let max = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  if (max <= min) max = min * 10;
  return { min, max };
}

function label(n: number): string {
  return Math.abs(n) >= 1000 ? `${Number((n / 1000).toFixed(1))}k` : String(Number(n.toPrecision(3)));
}

/** Renders a line chart to an `<svg>` element. */
export function renderLineChart(chart: LineChart): string {
  const width = chart.width ?? 760;
  const height = chart.height ?? 240;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const xs = chart.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = chart.series.flatMap((s) => s.points.map((p) => p[1]));
  const xMax = Math.max(1, ...xs, ...(chart.bands ?? []).map((b) => b.toX));
  const px = (x: number) => MARGIN.left + (x / xMax) * plotW;
  const log = chart.yScale === 'log';
  const linear = niceScale(Math.max(0, ...ys));
  const decades = logScale(ys);
  const py = log
    ? (v: number) => {
        const clamped = Math.min(Math.max(v, decades.min), decades.max);
        return MARGIN.top + plotH - (Math.log10(clamped / decades.min) / Math.log10(decades.max / decades.min)) * plotH;
      }
    : (v: number) => MARGIN.top + plotH - (v / linear.max) * plotH;
  const yTicks: number[] = [];
  if (log) for (let v = decades.min; v <= decades.max * 1.0001; v *= 10) yTicks.push(v);
  else for (let v = 0; v <= linear.max + 1e-9; v += linear.step) yTicks.push(v);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(chart.title)}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<text x="${MARGIN.left}" y="16" font-size="13" font-weight="bold">${escapeXml(chart.title)}</text>`);
  const bands = chart.bands ?? [];
  const phaseBands = bands.filter((b) => (b.kind ?? 'phase') === 'phase');
  phaseBands.forEach((b, i) => {
    if (b.toX <= b.fromX) return;
    out.push(
      `<rect x="${px(b.fromX).toFixed(1)}" y="${MARGIN.top}" width="${(px(b.toX) - px(b.fromX)).toFixed(1)}" height="${plotH}" fill="${i % 2 ? '#f3f3f3' : '#fafafa'}"/>`,
    );
    out.push(
      `<text x="${((px(b.fromX) + px(b.toX)) / 2).toFixed(1)}" y="${MARGIN.top + 12}" text-anchor="middle" fill="#888">${escapeXml(b.label)}</text>`,
    );
  });
  for (const b of bands.filter((x) => x.kind === 'alert')) {
    if (b.toX <= b.fromX) continue;
    out.push(
      `<rect x="${px(b.fromX).toFixed(1)}" y="${MARGIN.top}" width="${(px(b.toX) - px(b.fromX)).toFixed(1)}" height="${plotH}" fill="#d62728" fill-opacity="0.12" class="alert"><title>${escapeXml(b.label)}</title></rect>`,
    );
  }
  for (const v of yTicks) {
    out.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end" fill="#555">${label(v)}</text>`);
  }
  const xStep = niceScale(xMax, 8).step;
  for (let x = 0; x <= xMax + 1e-9; x += xStep) {
    out.push(`<text x="${px(x).toFixed(1)}" y="${height - MARGIN.bottom + 16}" text-anchor="middle" fill="#555">${label(x)}s</text>`);
  }
  out.push(
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">${escapeXml(chart.yLabel)}${log ? ' (log scale)' : ''}</text>`,
  );
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  for (const s of chart.series) {
    if (s.points.length === 0) continue;
    const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${px(p[0]).toFixed(1)} ${py(p[1]).toFixed(1)}`).join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.8}"${s.dashed ? ' stroke-dasharray="5 4"' : ''}><title>${escapeXml(s.name)}</title></path>`,
    );
    const last = s.points[s.points.length - 1];
    if (s.labelAtEnd && last) {
      out.push(
        `<text x="${(px(last[0]) - 4).toFixed(1)}" y="${(py(last[1]) - 4).toFixed(1)}" text-anchor="end" fill="${s.color}" font-weight="bold">${escapeXml(s.name)}</text>`,
      );
    }
  }
  let legendX = MARGIN.left;
  for (const s of chart.series) {
    const ly = height - 10;
    out.push(
      `<line x1="${legendX}" x2="${legendX + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="${s.width ?? 2}"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
    );
    out.push(`<text x="${legendX + 22}" y="${ly}" fill="#333">${escapeXml(s.name)}</text>`);
    legendX += 30 + s.name.length * 6.2;
  }
  if (bands.some((b) => b.kind === 'alert')) {
    out.push(
      `<rect x="${legendX}" y="${height - 18}" width="14" height="10" fill="#d62728" fill-opacity="0.25"/><text x="${legendX + 18}" y="${height - 10}" fill="#333">tool saturated</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
