import { diffCalendars } from '../../../tools/diff/calendar-diff';
import { diffStackTemplates, type CfnTemplate } from '../../../tools/diff/classify';
import { code, codeValuePair, table } from '../../../tools/diff/markdown';
import {
  FULL_REPORT_ARTIFACT,
  GITHUB_COMMENT_LIMIT,
  renderComment,
  renderReport,
  REPORT_MARKER,
  type DiffReport,
} from '../../../tools/diff/render-report';
import { decideVerdict } from '../../../tools/diff/verdict';

const topic: CfnTemplate = {
  Resources: {
    Alarms: {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: 'alarms' },
      Metadata: { 'aws:cdk:path': 'AuroraSurge-prod/Monitoring/Alarms/Resource' },
    },
  },
};
const empty: CfnTemplate = { Resources: {} };

function report(overrides: Partial<DiffReport> = {}): DiffReport {
  const stacks = overrides.stacks ?? [diffStackTemplates('AuroraSurge-dev', empty, empty)];
  return {
    base: { label: 'main', shortCommit: 'abc1234' },
    headLabel: 'working tree (def5678)',
    stacks,
    calendar: { basePresent: true, headPresent: true, byEnvironment: new Map() },
    plans: new Map(),
    verdict: decideVerdict(stacks, false),
    baseDependencies: 'linked',
    ...overrides,
  };
}

describe('renderReport', () => {
  test('starts with the hidden marker CI finds its comment by, then the title', () => {
    const lines = renderReport(report()).split('\n');
    expect(lines[0]).toBe(REPORT_MARKER);
    expect(lines[2]).toBe('## Synth diff: `main` (abc1234) → working tree (def5678)');
  });

  test('nothing changed: a green verdict, "no change" per environment', () => {
    const md = renderReport(report());
    expect(md).toContain('**✅ No replacement or deletion of a stateful resource.**');
    expect(md).toContain('| dev | no change | 0 | 0 | 0 | 0 | — |');
    expect(md).toContain('### dev (`AuroraSurge-dev`)\n\nNo change.');
  });

  test('a deleted SNS topic: blocked line at the top naming environment, path, type and what is lost', () => {
    const stacks = [diffStackTemplates('AuroraSurge-prod', topic, empty)];
    const md = renderReport(report({ stacks, verdict: decideVerdict(stacks, false) }));
    expect(md).toContain(
      '- **prod: `Monitoring/Alarms/Resource` (AWS::SNS::Topic) DELETED** — Deleted: it is no longer in the template. Loses the alarm topic and its confirmed subscriptions',
    );
    expect(md).toContain('| prod | ⛔ blocked | 0 | 0 | 0 | 1 | — |');
  });

  test('calendar changes in words, with the plan folded under them, and a note when the base had no calendar', () => {
    const calendar = diffCalendars(
      { present: false },
      {
        present: true,
        campaigns: [{ id: 'spring-sale', environments: ['dev'], start: '2027-03-01T08:00', end: '2027-03-01T20:00', readerFloor: 2 }],
      },
    );
    const md = renderReport(report({ calendar, plans: new Map([['dev', '| step | at |\n|---|---|\n| scale up | 07:00 |']]) }));
    expect(md).toContain('| dev | changes | 0 | 0 | 0 | 0 | 1 campaign added |');
    expect(md).toContain('_The base has no campaign calendar (config/campaigns.ts), so every campaign shows as added._');
    expect(md).toContain('- **Campaign added**: `spring-sale` — start `2027-03-01T08:00`, end `2027-03-01T20:00`, readerFloor `2`');
    expect(md).toContain('<details><summary>Plan for the affected campaigns in dev</summary>\n\n| step | at |');
  });

  test('without a plan printer, the report says why there is no plan', () => {
    const calendar = diffCalendars(
      { present: true, campaigns: [] },
      { present: true, campaigns: [{ id: 'x', environments: ['dev'], start: 'a', end: 'b' }] },
    );
    expect(renderReport(report({ calendar, planNote: 'No plan: reason.' }))).toContain('_No plan: reason._');
  });

  test('a stack only on the base side is announced as gone', () => {
    const stacks = [diffStackTemplates('AuroraSurge-qa', topic, undefined)];
    const md = renderReport(report({ stacks, verdict: decideVerdict(stacks, false) }));
    expect(md).toContain('**The whole stack is gone from the app: deploying would delete it.**');
    expect(md).not.toContain('npx cdk diff AuroraSurge-qa');
  });

  test('prints the cdk diff hint for every stack', () => {
    expect(renderReport(report())).toContain('```sh\nnpx cdk diff AuroraSurge-dev\n```');
  });
});

describe('markdown helpers', () => {
  test('table cells escape pipes and line breaks', () => {
    expect(table(['a'], [['x | y\nz']])).toBe('| a |\n|---|\n| x \\| y<br>z |');
  });

  test('inline code survives backticks', () => {
    expect(code('a`b')).toBe('`` a`b ``');
  });
});

describe('long values', () => {
  test('two long values are shown around the part that differs', () => {
    const before = `Readers at the autoscaling maximum (prod, critical): 6 readers (readerAutoScaling.maxReplicas) for 45 minutes. ${'Missing data is treated as breaching. '.repeat(3)}`;
    const after = before.replace('6 readers', '8 readers');
    expect(codeValuePair(before, after)).toEqual([
      // 25 characters of context on each side of the one that changed.
      '`…aximum (prod, critical): 6 readers (readerAutoScali…`',
      '`…aximum (prod, critical): 8 readers (readerAutoScali…`',
    ]);
  });

  test('short values are shown whole, objects as JSON', () => {
    expect(codeValuePair(6, 8)).toEqual(['`6`', '`8`']);
    expect(codeValuePair(undefined, { a: 1 })).toEqual(['_(none)_', '`{"a":1}`']);
  });
});

test('a base given as a commit id (as CI does) is shown once, short', () => {
  const md = renderReport(report({ base: { label: '0123456789abcdef0123456789abcdef01234567', shortCommit: '0123456' } }));
  expect(md.split('\n')[2]).toBe('## Synth diff: `0123456` → working tree (def5678)');
});

describe('what a reviewer needs from the report', () => {
  const cluster = (encrypted: boolean): CfnTemplate => ({
    Resources: {
      Cluster: {
        Type: 'AWS::RDS::DBCluster',
        Properties: { DBClusterIdentifier: 'aurora-surge-prod', Engine: 'aurora-postgresql', StorageEncrypted: encrypted },
        Metadata: { 'aws:cdk:path': 'AuroraSurge-prod/Database/Cluster/Resource' },
      },
    },
  });

  test('a custom-named cluster that needs replacement: CloudFormation refuses it, forced it would lose the data, and the safe procedure', () => {
    const stacks = [diffStackTemplates('AuroraSurge-prod', cluster(true), cluster(false))];
    const md = renderReport(report({ stacks, verdict: decideVerdict(stacks, false) }));
    expect(md).toContain(
      '— Needs replacement: StorageEncrypted changes. It has a custom name (DBClusterIdentifier aurora-surge-prod), so CloudFormation refuses to replace it: the deploy fails and rolls back. If it were forced (the name changed or removed), the old one would be deleted and the stack would lose the database and all its data',
    );
    expect(md).toContain('\n  - Safe procedure: take a manual snapshot, restore it into the new cluster');
    expect(md).toContain('`cdk import` (resource import)');
  });

  test('a cluster without a custom name is replaced, and the report says what is lost', () => {
    const unnamed = (encrypted: boolean): CfnTemplate => {
      const t = cluster(encrypted);
      delete (t.Resources!.Cluster!.Properties as Record<string, unknown>).DBClusterIdentifier;
      return t;
    };
    const stacks = [diffStackTemplates('AuroraSurge-prod', unnamed(true), unnamed(false))];
    expect(stacks[0]!.resources[0]!.reason).toMatch(/^Replaced: StorageEncrypted changes\. Loses the database and all its data/);
  });

  test("the dashboard's change is summarized in words, not shown as escaped JSON", () => {
    const dashboard = (widgets: unknown[]): CfnTemplate => ({
      Resources: {
        Dashboard: {
          Type: 'AWS::CloudWatch::Dashboard',
          Properties: { DashboardName: 'aurora-surge-prod', DashboardBody: JSON.stringify({ widgets }) },
          Metadata: { 'aws:cdk:path': 'AuroraSurge-prod/Monitoring/Dashboard/Resource' },
        },
      },
    });
    const band = (label: string) => [[{ value: '2027-03-10T07:00:00Z', label }, { value: '2027-03-10T19:00:00Z' }]];
    const before = dashboard([
      { type: 'metric', properties: { title: 'Writer CPU %', annotations: { vertical: band('old-sale') } } },
      { type: 'metric', properties: { title: 'Worst replica lag (ms)' } },
    ]);
    const after = dashboard([
      { type: 'metric', properties: { title: 'Writer CPU %', annotations: { vertical: band('spring-sale') } } },
      { type: 'metric', properties: { title: 'Connection storm' } },
    ]);
    const stacks = [diffStackTemplates('AuroraSurge-prod', before, after)];
    const change = stacks[0]!.resources[0]!;
    expect(change.reason).toBe(
      'Dashboard: 1 widget(s) added: "Connection storm"; 1 widget(s) removed: "Worst replica lag (ms)"; 1 widget(s) changed: "Writer CPU %"; campaign bands now drawn: "spring-sale"; campaign bands no longer drawn: "old-sale".',
    );
    expect(change.properties.map((p) => p.name)).not.toContain('DashboardBody');
    expect(renderReport(report({ stacks, verdict: decideVerdict(stacks, false) }))).not.toContain('\\"widgets\\"');
  });

  test('each campaign added or changed says when it starts', () => {
    const calendar = diffCalendars(
      {
        present: true,
        campaigns: [
          {
            id: 'summer-sale',
            environments: ['dev'],
            start: '2027-07-01T08:00Z',
            end: '2027-07-01T20:00Z',
            writer: { instanceClass: 'db.r6g.2xlarge' },
            readerFloor: 2,
          },
        ],
      },
      {
        present: true,
        campaigns: [
          {
            id: 'spring-sale',
            environments: ['dev'],
            start: '2027-03-11T08:00Z',
            end: '2027-03-11T20:00Z',
            writer: { instanceClass: 'db.r6g.2xlarge' },
            readerFloor: 2,
          },
          {
            id: 'summer-sale',
            environments: ['dev'],
            start: '2027-07-02T08:00Z',
            end: '2027-07-02T20:00Z',
            writer: { instanceClass: 'db.r6g.2xlarge' },
            readerFloor: 2,
          },
        ],
      },
    );
    const md = renderReport(report({ calendar, now: new Date('2027-03-01T12:00:00Z') }));
    expect(md).toMatch(/- \*\*Campaign added\*\*: `spring-sale` — .* \(starts in 9 days \(2027-03-11\)\)/);
    expect(md).toMatch(/- \*\*Campaign moved\*\*: `summer-sale` — .* \(starts in 122 days \(2027-07-02\)\)/);
  });

  test('a large change stays under GitHub’s 65,536-character comment limit, folded, pointing to the full report', () => {
    // A rename of the whole stack's construct tree: 200 resources removed and 200 added, with long
    // (deeply nested) paths, so that even the folded report is over the limit and the comment is cut.
    // Long paths rather than more resources: @aws-cdk/cloudformation-diff's time grows with the square of
    // the number of changed resources (1500 each way took minutes of CPU), and the size is what counts here.
    const nested = 'Segment/'.repeat(20);
    const many = (prefix: string): CfnTemplate => ({
      Resources: Object.fromEntries(
        Array.from({ length: 200 }, (_, i) => [
          `${prefix}Alarm${i}`,
          {
            Type: 'AWS::CloudWatch::Alarm',
            Properties: { AlarmName: `aurora-surge-prod-${prefix.toLowerCase()}-alarm-${i}`, Threshold: i },
            Metadata: { 'aws:cdk:path': `AuroraSurge-prod/${prefix}/Monitoring/Alarms/${nested}SomeLongConstructName${i}/Resource` },
          },
        ]),
      ),
    });
    const stacks = [diffStackTemplates('AuroraSurge-prod', many('Old'), many('New'))];
    const large = report({ stacks, verdict: decideVerdict(stacks, false) });
    expect(renderReport(large).length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    // Folding alone is not enough here: the comment is the folded report, cut.
    expect(renderReport(large, { folded: true }).length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const comment = renderComment(large);
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment.startsWith(REPORT_MARKER)).toBe(true);
    expect(comment).toContain('| prod | ⚠️ caution | 200 | 0 | 0 | 200 | — |');
    expect(comment).toContain(`The full report is the workflow artifact \`${FULL_REPORT_ARTIFACT}\``);
    // A small report goes out whole.
    expect(renderComment(report())).toBe(renderReport(report()));
  });
});
