import { environmentNames } from '../../../config';
import { failed, passed, skipped } from '../../../tools/aws-checks/check-result';
import { parseChecklistArgs, UsageError } from '../../../tools/aws-checks/cli-args';
import { checklistJson, renderChecklist, reportPassed } from '../../../tools/aws-checks/render-checklist';

const report = {
  command: 'preflight',
  environment: 'shop',
  checks: [
    passed('a', 'First check', 'all good'),
    failed('b', 'Second check', [{ problem: '[shop] x: is wrong.', fix: 'set x to y.' }]),
    skipped('c', 'Third check', 'does not apply.'),
  ],
};

describe('the checklist', () => {
  it('prints the verdict first, then ✅/❌/⏭️ per check with each problem and its fix', () => {
    expect(renderChecklist(report)).toBe(
      [
        'preflight shop: ❌ Second check failed (1 passed, 1 failed, 1 skipped)',
        '',
        '✅ First check',
        '   all good',
        '❌ Second check',
        '   - [shop] x: is wrong.',
        '     Fix: set x to y.',
        '⏭️  Third check',
        '   skipped: does not apply.',
        '',
      ].join('\n'),
    );
  });

  it('fails the run on a failed check, not on a skipped one', () => {
    expect(reportPassed(report)).toBe(false);
    expect(reportPassed({ ...report, checks: [report.checks[0]!, report.checks[2]!] })).toBe(true);
  });

  it('gives machines every check with its problems and fixes (--json)', () => {
    const json = JSON.parse(checklistJson(report));
    expect(json).toMatchObject({ command: 'preflight', environment: 'shop', ok: false });
    expect(json.checks[1]).toEqual({
      id: 'b',
      title: 'Second check',
      status: 'fail',
      details: [],
      problems: [{ problem: '[shop] x: is wrong.', fix: 'Fix: set x to y.' }],
    });
  });
});

describe('the command line', () => {
  it('takes --env, --json and the command’s own flags', () => {
    expect(parseChecklistArgs(['--env', 'prod', '--json', '--allow-during-campaign'], ['allow-during-campaign'])).toEqual({
      env: 'prod',
      json: true,
      help: false,
      flags: { 'allow-during-campaign': true },
    });
  });

  it('refuses a missing --env with the fix', () => {
    expect(() => parseChecklistArgs([])).toThrow(new UsageError(`--env is required. Fix: add --env ${environmentNames().join('|')}.`));
  });

  it('refuses an unknown flag', () => {
    expect(() => parseChecklistArgs(['--env', 'prod', '--force'])).toThrow(UsageError);
  });
});
