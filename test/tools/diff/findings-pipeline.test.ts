/**
 * The findings section through the real pipeline (`runDiff`: git worktree, both sides synthesized the way
 * the diff runs an app, cdk-nag's validation report and the assembly's acknowledgements read, cfn-guard
 * run on the changed resources, verdict, Markdown), on a one-stack fixture app rather than the project
 * (two small synths instead of eight stacks).
 */
import * as fs from 'node:fs';
import { runDiff, type DiffResult } from '../../../tools/diff/run-diff';
import { createFindingsFixtureRepo } from './helpers/findings-fixture-repo';

let repo: string;
let result: DiffResult;

beforeAll(async () => {
  repo = createFindingsFixtureRepo(
    { topics: ['Alerts', 'Audit'], logRetentionDays: 30, bucket: false },
    // Audit is created first now (its finding moves in the source, not in the stack); Alerts is acknowledged;
    // the log group keeps a year; a bucket is added.
    {
      topics: ['Audit', 'Alerts'],
      acknowledged: { Alerts: 'Only CloudWatch alarms publish here, over the AWS network.' },
      logRetentionDays: 365,
      bucket: true,
    },
  );
  result = await runDiff({ cwd: repo, base: 'main', now: new Date('2026-11-01T09:00:00Z') });
}, 120_000);

afterAll(() => {
  if (repo) fs.rmSync(repo, { recursive: true, force: true });
});

const REASON = 'Only CloudWatch alarms publish here, over the AWS network.';

test('the bucket the change adds blocks with its cdk-nag and Control Tower findings, named by rule, path and logical id', () => {
  expect(result.verdict.exitCode).toBe(1);
  const added = result.report.findings?.[0]?.added ?? [];
  expect(added.filter((f) => f.source === 'cdk-nag').map((f) => [f.rule, f.path, f.logicalId, f.severity, f.message])).toEqual([
    [
      'AwsSolutions-S1',
      'Uploads/Resource',
      expect.stringMatching(/^Uploads[0-9A-F]{8}$/),
      'error',
      'The S3 Bucket has server access logs disabled.',
    ],
    [
      'AwsSolutions-S10',
      'Uploads/Resource',
      expect.stringMatching(/^Uploads[0-9A-F]{8}$/),
      'error',
      'The S3 Bucket or bucket policy does not require requests to use SSL.',
    ],
  ]);
  expect(added.filter((f) => f.source === 'guard').map((f) => f.rule)).toEqual(
    expect.arrayContaining(['CT.S3.PR.1 (s3_bucket_level_public_access_prohibited_check)', 'CT.S3.PR.2 (s3_bucket_logging_enabled_check)']),
  );
  expect(result.verdict.findings.map((f) => f.finding)).toEqual(added);
  expect(result.markdown).toMatch(
    /\*\*⛔ BLOCKED: \d+ new security findings \(cdk-nag, Control Tower\)\.\*\* Add the fix, or a NagSuppressions entry/,
  );
  expect(result.markdown).toContain('- **fixture: cdk-nag error `AwsSolutions-S1` on `Uploads/Resource` (Uploads');
  expect(result.markdown).toMatch(
    /\| fixture \| ⛔ blocked \| 1 \| 1 \| 0 \| 0 \| — \| ⛔ \d+ new, 1 fixed, 1 suppressed by this change \|/,
  );
});

test('a finding whose code moved (the Audit topic) and one on a changed resource that stays (the log group is still unencrypted) are not new', () => {
  const added = result.report.findings?.[0]?.added ?? [];
  expect(added.map((f) => f.path).filter((p) => p !== 'Uploads/Resource')).toEqual([]);
});

test('the suppression the change adds is listed with its reason, and the finding it hides is not called fixed', () => {
  const diff = result.report.findings?.[0];
  expect(diff?.suppressionsAdded).toEqual([{ rule: 'AwsSolutions-SNS3', path: 'Alerts', reason: REASON }]);
  expect(diff?.gone.map((f) => [f.source, f.rule, f.path, f.suppressedBy?.reason])).toEqual([
    ['cdk-nag', 'AwsSolutions-SNS3', 'Alerts/Resource', REASON],
    ['guard', 'CT.CLOUDWATCH.PR.2 (cloudwatch_log_group_retention_period_check)', 'Events/Resource', undefined],
  ]);
  expect(result.markdown).toContain(`- 🔕 suppressed by this change: \`AwsSolutions-SNS3\` on \`Alerts\`: ${REASON}`);
  expect(result.markdown).toContain(
    '- ✅ **fixed**: Control Tower `CT.CLOUDWATCH.PR.2 (cloudwatch_log_group_retention_period_check)` on `Events/Resource`',
  );
});
