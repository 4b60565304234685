/**
 * Small line charts as inline SVG, so the HTML report is one self-contained file that needs no network
 * or script to view.
 */

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  /** `[x, y]` points; x in seconds since the start. */
  readonly points: ReadonlyArray<readonly [number, number]>;
  /** Dashed line (for targets and thresholds). @default false */
  readonly dashed?: boolean;
}

/** A vertical band marking a phase of the run. */
export interface ChartBand {
  readonly label: string;
  readonly fromX: number;
  readonly toX: number;
}

export interface LineChart {
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly bands?: readonly ChartBand[];
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

function label(n: number): string {
  return Math.abs(n) >= 1000 ? `${Number((n / 1000).toFixed(1))}k` : String(Number(n.toFixed(2)));
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
  const y = niceScale(Math.max(0, ...ys));
  const px = (x: number) => MARGIN.left + (x / xMax) * plotW;
  const py = (v: number) => MARGIN.top + plotH - (v / y.max) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(chart.title)}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<text x="${MARGIN.left}" y="16" font-size="13" font-weight="bold">${escapeXml(chart.title)}</text>`);
  (chart.bands ?? []).forEach((b, i) => {
    if (b.toX <= b.fromX) return;
    out.push(
      `<rect x="${px(b.fromX).toFixed(1)}" y="${MARGIN.top}" width="${(px(b.toX) - px(b.fromX)).toFixed(1)}" height="${plotH}" fill="${i % 2 ? '#f3f3f3' : '#fafafa'}"/>`,
    );
    out.push(
      `<text x="${((px(b.fromX) + px(b.toX)) / 2).toFixed(1)}" y="${MARGIN.top + 12}" text-anchor="middle" fill="#888">${escapeXml(b.label)}</text>`,
    );
  });
  for (let v = 0; v <= y.max + 1e-9; v += y.step) {
    out.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end" fill="#555">${label(v)}</text>`);
  }
  const xStep = niceScale(xMax, 8).step;
  for (let x = 0; x <= xMax + 1e-9; x += xStep) {
    out.push(`<text x="${px(x).toFixed(1)}" y="${height - MARGIN.bottom + 16}" text-anchor="middle" fill="#555">${label(x)}s</text>`);
  }
  out.push(
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">${escapeXml(chart.yLabel)}</text>`,
  );
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  for (const s of chart.series) {
    if (s.points.length === 0) continue;
    const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${px(p[0]).toFixed(1)} ${py(p[1]).toFixed(1)}`).join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 4"' : ''}><title>${escapeXml(s.name)}</title></path>`,
    );
  }
  let legendX = MARGIN.left;
  for (const s of chart.series) {
    const ly = height - 10;
    out.push(
      `<line x1="${legendX}" x2="${legendX + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
    );
    out.push(`<text x="${legendX + 22}" y="${ly}" fill="#333">${escapeXml(s.name)}</text>`);
    legendX += 30 + s.name.length * 6.2;
  }
  out.push('</svg>');
  return out.join('\n');
}
