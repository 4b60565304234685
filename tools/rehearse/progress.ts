import type { LiveFigures } from './metrics';

/** Shows a run's live figures while it runs. */
export interface ProgressDisplay {
  update(figures: LiveFigures): void;
  stop(): void;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function ms(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

interface Field {
  /** Lower is kept longer. */
  readonly priority: number;
  /** Full form, then shorter forms; the shortest that fits is used. */
  readonly forms: readonly string[];
}

/**
 * The progress line, at most `columns - 1` characters (a line as wide as the terminal wraps). Fields are
 * abbreviated, then dropped, lowest priority first; elapsed/total, p99, failed and refused always stay
 * (about 45 columns with large figures).
 * Pure.
 */
export function formatProgressLine(f: LiveFigures, totalMs: number, columns = 80): string {
  const width = Math.max(20, columns - 1);
  const done = Math.min(1, totalMs > 0 ? f.elapsedMs / totalMs : 0);
  const bar = (n: number) => `[${'#'.repeat(Math.round(done * n)).padEnd(n, '.')}]`;
  const fields: Field[] = [
    { priority: 0, forms: [`${clock(f.elapsedMs)}/${clock(totalMs)}`] },
    { priority: 5, forms: [f.phase] },
    {
      priority: 2,
      forms: [
        `${f.completedPerSecond.toFixed(0)}/${f.targetTransactionsPerSecond.toFixed(0)} tps`,
        `${f.completedPerSecond.toFixed(0)}/${f.targetTransactionsPerSecond.toFixed(0)}tps`,
      ],
    },
    { priority: 3, forms: [`conns ${f.openConnections}/${f.targetConnections}`, `c ${f.openConnections}/${f.targetConnections}`] },
    { priority: 7, forms: [`p50 ${ms(f.latency.p50Ms)}`] },
    { priority: 6, forms: [`p95 ${ms(f.latency.p95Ms)}`] },
    { priority: 0, forms: [`p99 ${ms(f.latency.p99Ms)} ms`, `p99 ${ms(f.latency.p99Ms)}`] },
    { priority: 0, forms: [`failed ${f.failed}`, `fail ${f.failed}`, `F${f.failed}`] },
    { priority: 0, forms: [`refused ${f.refusedConnections}`, `ref ${f.refusedConnections}`, `R${f.refusedConnections}`] },
    ...(f.toolSaturated ? [{ priority: 1, forms: ['TOOL SATURATED', 'SAT'] }] : []),
  ];
  const withBar = (line: string, n: number) => `${bar(n)} ${line}`;
  const choice = fields.map(() => 0);
  const kept = fields.map(() => true);
  const render = () =>
    fields
      .map((field, i) => (kept[i] ? (field.forms[Math.min(choice[i] ?? 0, field.forms.length - 1)] ?? '') : ''))
      .filter((s) => s !== '')
      .join(' | ');
  // 1. the full line with a bar; 2. shrink the bar; 3. abbreviate; 4. drop fields by priority.
  for (const barSize of [16, 8]) {
    const line = withBar(render(), barSize);
    if (line.length <= width) return line;
  }
  const order = fields.map((field, i) => ({ field, i })).sort((a, b) => b.field.priority - a.field.priority);
  for (const { i } of order) {
    const field = fields[i];
    if (!field) continue;
    while ((choice[i] ?? 0) < field.forms.length - 1 && render().length > width) choice[i] = (choice[i] ?? 0) + 1;
  }
  for (const { field, i } of order) {
    if (render().length <= width) break;
    if (field.priority > 0) kept[i] = false;
  }
  // The fields that always stay are never cut: in a terminal narrower than they are, the line wraps.
  return render();
}

/**
 * The live progress display. On a terminal it redraws one line in place (carriage return, then "erase to
 * end of line", so no fragment of a longer earlier line is left), as wide as the terminal. Elsewhere (CI,
 * a log file) it prints a line every 10 seconds.
 */
export function createProgressDisplay(durationMs: number, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const tty = stream.isTTY === true;
  let lastPrinted = -Infinity;
  let drawn = false;
  return {
    update(f) {
      if (tty) {
        stream.write(`\r${formatProgressLine(f, durationMs, stream.columns || 80)}\x1b[K`);
        drawn = true;
      } else if (f.elapsedMs - lastPrinted >= 10_000) {
        lastPrinted = f.elapsedMs;
        stream.write(`${formatProgressLine(f, durationMs, 120)}\n`);
      }
    },
    stop() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** A display that shows nothing (`--quiet`, tests). */
export const silentProgress: ProgressDisplay = { update: () => undefined, stop: () => undefined };
