import { diffCalendars } from '../../tools/diff/calendar-diff';
import { diffStackTemplates, type CfnTemplate } from '../../tools/diff/classify';
import { code, codeValuePair, table } from '../../tools/diff/markdown';
import { renderReport, REPORT_MARKER, type DiffReport } from '../../tools/diff/render-report';
import { decideVerdict } from '../../tools/diff/verdict';

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
