import { diffStackTemplates } from '../../../tools/diff/classify';
import { reactiveSettingsLines } from '../../../tools/diff/reactive-settings-line';
import { renderReport } from '../../../tools/diff/render-report';
import { decideVerdict } from '../../../tools/diff/verdict';
import { REACTIVE } from '../surge/surge-fixtures';

describe('the reactive settings line of the PR report', () => {
  test("one line per environment that has a config, the plan command's sentence with its label in bold", () => {
    const lines = reactiveSettingsLines(['dev', 'prod', 'prod', 'staging', 'gone'], (env) =>
      env === 'gone' ? undefined : { reactive: env === 'dev' ? undefined : { ...REACTIVE, enabled: env === 'prod' }, dryRun: false },
    );
    expect([...lines.keys()]).toEqual(['dev', 'prod', 'staging']);
    expect(lines.get('dev')).toMatch(/^\*\*Reactive scale-up:\*\* not configured/);
    expect(lines.get('prod')).toMatch(/^\*\*Reactive scale-up:\*\* on; pressure: writer CPU ≥ 80%/);
    expect(lines.get('staging')).toMatch(/^\*\*Reactive scale-up:\*\* off; the ceiling db\.r6g\.4xlarge still bounds/);
  });

  test('a dry-run environment says its steps are only logged', () => {
    const lines = reactiveSettingsLines(['prod'], () => ({ reactive: REACTIVE, dryRun: true }));
    expect(lines.get('prod')).toContain('on (dry run: logged only)');
  });

  test('the committed environments each get their line from the working tree', () => {
    const lines = reactiveSettingsLines(['dev', 'prod']);
    expect(lines.get('dev')).toMatch(/^\*\*Reactive scale-up:\*\* /);
    expect(lines.get('prod')).toMatch(/^\*\*Reactive scale-up:\*\* /);
  });

  test("the line sits in its environment's section of the report", () => {
    const lines = reactiveSettingsLines(['prod'], () => ({ reactive: REACTIVE, dryRun: false }));
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
    expect(md).toContain('### prod (`AuroraSurge-prod`)\n\nNo change.\n\n**Reactive scale-up:** on; pressure: writer CPU ≥ 80%');
  });
});
