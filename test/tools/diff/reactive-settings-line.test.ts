import { diffStackTemplates } from '../../../tools/diff/classify';
import { reactiveSettingsLine, reactiveSettingsLines } from '../../../tools/diff/reactive-settings-line';
import { renderReport } from '../../../tools/diff/render-report';
import { decideVerdict } from '../../../tools/diff/verdict';
import { provisionedSettings, REACTIVE, serverlessSettings } from '../surge/surge-fixtures';

describe('the reactive settings line of the PR report', () => {
  test('on: the pressure thresholds, how long, the ceiling, the step, the cooldown and the quiet time', () => {
    expect(reactiveSettingsLine(provisionedSettings())).toBe(
      '**Reactive scale-up:** on: when writer CPU ≥ 80 % or connections ≥ 85 % of max_connections for 5 min; ceiling db.r6g.4xlarge; +1 reader per step; cooldown 30 min; scale back after 60 quiet min.',
    );
  });

  test('the proxy thresholds when they are watched, and a Serverless v2 ceiling in ACU', () => {
    const s = serverlessSettings(64);
    const line = reactiveSettingsLine({
      ...s,
      reactive: { ...s.reactive!, proxyBorrowLatencyMicros: 200_000, proxyClientConnections: 3000, readerFloorStep: 2 },
    });
    expect(line).toContain(
      'or proxy borrow latency ≥ 200000 µs or proxy client connections ≥ 3000 for 5 min; ceiling 64 ACU; +2 readers per step;',
    );
  });

  test('off: the ceiling still bounds the override', () => {
    expect(reactiveSettingsLine(provisionedSettings({ ...REACTIVE, enabled: false }))).toBe(
      '**Reactive scale-up:** off (`preScaler.reactive.enabled: false`); the ceiling db.r6g.4xlarge still bounds `npm run surge`.',
    );
  });

  test('not configured', () => {
    expect(reactiveSettingsLine(provisionedSettings(null))).toMatch(/^\*\*Reactive scale-up:\*\* not configured/);
  });

  test('one line per environment that has settings, in its section of the report', () => {
    const lines = reactiveSettingsLines(['dev', 'prod', 'prod', 'gone'], (env) =>
      env === 'gone' ? undefined : { ...provisionedSettings(env === 'dev' ? null : REACTIVE), environment: env },
    );
    expect([...lines.keys()]).toEqual(['dev', 'prod']);
    const stacks = [diffStackTemplates('AuroraSurge-prod', { Resources: {} }, { Resources: {} })];
    const md = renderReport({
      base: { label: 'main', shortCommit: 'abc1234' },
      headLabel: 'working tree',
      stacks,
      calendar: { basePresent: true, headPresent: true, byEnvironment: new Map() },
      plans: new Map(),
      verdict: decideVerdict(stacks, false),
      baseDependencies: 'linked',
      reactiveSettings: lines,
    });
    expect(md).toContain('### prod (`AuroraSurge-prod`)\n\nNo change.\n\n**Reactive scale-up:** on: when writer CPU ≥ 80 %');
  });
});
