import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgbenchScript, pgbenchScripts } from '../../../tools/rehearse/pgbench-script';
import { renderHtml } from '../../../tools/rehearse/report/html';
import { transactionStatements } from '../../../tools/rehearse/shop/shop-sql';
import { renderMarkdown } from '../../../tools/rehearse/report/markdown';
import { niceScale, renderLineChart } from '../../../tools/rehearse/report/svg-chart';
import { reportDirectoryName, writeReport } from '../../../tools/rehearse/report/write-report';
import { saturationBands, targetRateLine } from '../../../tools/rehearse/report/charts';
import { logScale } from '../../../tools/rehearse/report/svg-chart';
import { interval, measurements, plan, report, saturatedTool } from './fixtures';

describe('renderMarkdown', () => {
  const md = renderMarkdown(report());

  test('opens with the verdict, then the rehearsed peak beside the expected one, then a row per check', () => {
    expect(md.split('\n').slice(0, 5)).toEqual([
      '# Campaign rehearsal: black-friday in staging',
      '',
      "**Verdict** — HELD: the database served campaign black-friday's expected peak (60 connections / 333 tps) within every threshold.",
      '',
      '**Rehearsed peak** 60 connections / 333 tps · **expected by the campaign** 60 connections / 333 tps',
    ]);
    expect(md).toContain('| p99 latency | 80 ms | ≤ 250 ms | pass |');
    expect(md).toContain('| refused connections | 0 | ≤ 0 | pass |');
  });

  test('shows the counts and the latency of each transaction kind', () => {
    expect(md).toContain('990 completed and 10 failed (error rate 1%) of 1,000 asked for by the profile.');
    expect(md).toContain('| order write (read/write endpoint) | 45 | 9 | 64.5 | 120 | 180 |');
    expect(md).toContain('| pool-timeout | 6 |');
    expect(md).toContain('2 order attempts found too little stock');
  });

  test('flags a data mismatch and links the charts', () => {
    expect(md).toContain('| orders (one per order placed) | 43 | 42 | **MISMATCH** |');
    expect(md).toContain("![Throughput against the profile's target](throughput.svg)");
    expect(md).toContain('![Client connections](connections.svg)');
  });

  test('an overridden peak below the campaign is never called a proof, from the first line on', () => {
    const low = renderMarkdown(
      report(measurements(), {
        rehearsed: { connections: 60, transactionsPerSecond: 400 },
        expected: { connections: 4000, transactionsPerSecond: 3000 },
        campaignId: 'black-friday',
      }),
    );
    const [, , verdict, , peaks] = low.split('\n');
    expect(verdict).toBe(
      '**Verdict** — Held at 60 connections / 400 tps (the campaign expects 4000 connections / 3000 tps): not a proof for this campaign.',
    );
    expect(peaks).toBe('**Rehearsed peak** 60 connections / 400 tps · **expected by the campaign** 4000 connections / 3000 tps');
    expect(low).not.toMatch(/HELD/);
  });

  test("lists the top statements of the query insights, marks the rehearsal's own and shows plans asked for", () => {
    expect(md).toContain('## Query insights');
    expect(md).toContain(
      '| 1 | `SELECT id FROM rehearsal_<scratch>.products WHERE name LIKE $1 \\|\\| $2` | 500 | 900 | 1.8 | 500 | ours |',
    );
    expect(md).toContain('| 2 | `SELECT * FROM shop.orders WHERE customer_id = $1` | 40 | 120 | 3 | 40 | other |');
    expect(md).toContain('Plan of #1 (EXPLAIN (GENERIC_PLAN), not executed):\n\n```\nSeq Scan on products\n```');
  });

  test('says why there are no insights when pg_stat_statements is missing', () => {
    const r = {
      ...report(),
      queryInsights: { available: false, unavailableReason: 'pg_stat_statements is not installed', top: [], statementsSeen: 0 },
    };
    expect(renderMarkdown(r)).toContain('## Query insights\n\nNot available: pg_stat_statements is not installed.');
  });

  test('marks the intervals where the tool was saturated', () => {
    const timeline = [0, 1, 2, 3].map((i) => interval(i, i === 1 ? { tool: saturatedTool } : {}));
    const text = renderMarkdown(report(measurements({ timeline })));
    expect(text).toContain('## Load generator saturated');
    expect(text).toContain('In 1 of 4 intervals the tool itself could not keep up');
    expect(text).toContain(
      '| 1–2 s | event-loop delay p99 400 ms > 50 ms; schedule slip 900 ms > 100 ms; tool CPU 99 % > 90 % of a core |',
    );
    expect(renderMarkdown(report())).not.toContain('Load generator saturated');
  });

  test('explains a failed check', () => {
    const failing = renderMarkdown(
      report(
        measurements({ connections: { ...measurements().connections, refused: 3, refusedReasons: { 'too many connections (53300)': 3 } } }),
      ),
    );
    expect(failing).toContain('| refused connections | 3 | ≤ 0 | **FAIL** |');
    expect(failing).toContain('- **refused connections**: Connection attempts turned away');
    expect(failing).toContain('| too many connections (53300) | 3 |');
  });
});

describe('renderHtml', () => {
  const html = renderHtml(report());

  test('is one self-contained page with the four charts inline', () => {
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('<pre>Seq Scan on products</pre>');
    expect(html).toContain('<code>SELECT id FROM rehearsal_&lt;scratch&gt;.products WHERE name LIKE $1 || $2</code>');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('<td class="bad"><strong>MISMATCH</strong></td>');
  });
});

describe('renderLineChart', () => {
  test.each([
    [0, 1],
    [7, 8],
    [150, 150],
    [151, 200],
    [0.3, 0.3],
    [1234, 1500],
  ])('niceScale(%p) tops out at %p', (max, top) => {
    expect(niceScale(max).max).toBeCloseTo(top, 9);
  });

  test('draws one path per series, scaled into the plot, and escapes text', () => {
    const svg = renderLineChart({
      title: 'a < b',
      yLabel: 'ms',
      width: 200,
      height: 100,
      series: [
        {
          name: 's',
          color: 'red',
          points: [
            [0, 0],
            [10, 10],
          ],
        },
      ],
    });
    expect(svg).toContain('a &lt; b');
    // x: 56 + 0 → 56; 56 + 128 → 184. y: plot from 28 to 56 (height 100 − 44), max 10.
    expect(svg).toContain('<path d="M56.0 56.0 L184.0 28.0"');
  });
});

describe('writeReport', () => {
  test('writes the Markdown, its chart images, the HTML and the raw measurements', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rehearsal-report-'));
    try {
      const written = await writeReport(report(), root);
      expect(written.directory).toBe(join(root, 'staging-black-friday-20261127-100000'));
      expect((await readdir(written.directory)).sort()).toEqual([
        'connections.svg',
        'errors.svg',
        'latency.svg',
        'measurements.json',
        'report.html',
        'report.md',
        'throughput.svg',
      ]);
      const json = JSON.parse(await readFile(written.measurements, 'utf8'));
      expect(json.measurements.completedTotal).toBe(990);
      expect(reportDirectoryName(report())).toBe('staging-black-friday-20261127-100000');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('pgbench scripts', () => {
  test("use the tool's own SQL with pgbench variables in place of $n", () => {
    const script = pgbenchScript({ text: 'SELECT $2::int, $1, $2', params: ['productId', 'quantity'] }, 500);
    expect(script.split('\n')).toEqual([
      '\\set hot random(1, 100)',
      '\\if :hot <= 30',
      '\\set productId random(1, 10)',
      '\\else',
      '\\set productId random(1, 500)',
      '\\endif',
      '\\set quantity random(1, 3)',
      'SELECT :quantity::int, :productId, :quantity;',
      '',
    ]);
  });

  test('weight each kind by the mix, leaving out kinds with no share', () => {
    const scripts = pgbenchScripts(transactionStatements('rehearsal_x'), { productRead: 0.9, cartWrite: 0.1, orderWrite: 0 }, 1000);
    expect(scripts.map((s) => [s.kind, s.weight])).toEqual([
      ['productRead', 90],
      ['cartWrite', 10],
    ]);
    expect(scripts[1]?.script).toContain('INSERT INTO "rehearsal_x".carts (web_session) VALUES (:webSession::bigint)');
  });
});

describe('the charts', () => {
  test("plot the profile's target rate, exact at the phase boundaries, not what the tool released", () => {
    const profile = { ...plan.profile, durationMs: 10_000, phases: { warmUp: 0.2, rampUp: 0.2, hold: 0.4, rampDown: 0.2 } };
    const line = targetRateLine(profile, profile.durationMs, 4);
    // baseline 100 tps until 2 s, ramp to 333 by 4 s, hold to 8 s, back to 100 at 10 s.
    expect(line[0]).toEqual([0, 100]);
    expect(line.find(([x]) => x === 3)?.[1]).toBeCloseTo(216.5, 0);
    expect(line.filter(([x]) => x >= 4 && x <= 8).every(([, y]) => Math.abs(y - 333) < 0.5)).toBe(true);
    expect(line[line.length - 1]?.[1]).toBeCloseTo(100, 0);
  });

  test('connections get their own chart, latency a log axis with the threshold labelled, p95 drawn over p99', () => {
    const svg = renderHtml(report());
    const charts = svg.split('<svg ').slice(1);
    expect(charts[1]).toContain('aria-label="Client connections"');
    expect(charts[0]).not.toContain('open');
    const latency = charts[2] ?? '';
    expect(latency).toContain('milliseconds (log scale)');
    expect(latency).toContain('font-weight="bold">p99 limit 250 ms</text>');
    expect(latency.indexOf('<title>p95</title>')).toBeGreaterThan(latency.indexOf('<title>p99</title>'));
    expect(latency).toMatch(/stroke-width="3"><title>p95<\/title>/);
  });

  test('a log axis spans whole decades around the values, threshold included', () => {
    expect(logScale([0.8, 3, 250])).toEqual({ min: 0.1, max: 1000 });
    expect(logScale([0, 0])).toEqual({ min: 0.1, max: 10 });
  });

  test('saturated intervals become red bands with their reasons', () => {
    const bands = saturationBands([interval(0), interval(1, { tool: saturatedTool })]);
    expect(bands).toEqual([{ label: expect.stringContaining('tool saturated: event-loop delay'), fromX: 1, toX: 2, kind: 'alert' }]);
    expect(renderLineChart({ title: 't', yLabel: 'y', series: [], bands })).toContain('class="alert"');
  });
});
