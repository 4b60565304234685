import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgbenchScript, pgbenchScripts } from '../../tools/rehearse/pgbench-script';
import { renderHtml } from '../../tools/rehearse/report/html';
import { transactionStatements } from '../../tools/rehearse/shop/shop-sql';
import { renderMarkdown } from '../../tools/rehearse/report/markdown';
import { niceScale, renderLineChart } from '../../tools/rehearse/report/svg-chart';
import { reportDirectoryName, writeReport } from '../../tools/rehearse/report/write-report';
import { measurements, report } from './fixtures';

describe('renderMarkdown', () => {
  const md = renderMarkdown(report());

  test('opens with the verdict and a row per check', () => {
    expect(md.split('\n').slice(0, 3)).toEqual([
      '# Campaign rehearsal: black-friday in staging',
      '',
      "**Verdict** — HELD: the database served the campaign's peak within every threshold.",
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
    expect(md).toContain('![Throughput and connections](throughput.svg)');
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

  test('is one self-contained page with the three charts inline', () => {
    expect(html.match(/<svg /g)).toHaveLength(3);
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
    expect(scripts[1]!.script).toContain('INSERT INTO "rehearsal_x".carts (web_session) VALUES (:webSession::bigint)');
  });
});
