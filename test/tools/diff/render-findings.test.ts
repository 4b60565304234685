import { diffStackTemplates } from '../../../tools/diff/classify';
import type { Finding } from '../../../tools/diff/findings';
import { describeFindingCounts, renderFindingsSection, renderFindingsVerdict } from '../../../tools/diff/render-findings';
import { GITHUB_COMMENT_LIMIT, renderComment, renderReport, type DiffReport } from '../../../tools/diff/render-report';
import { diffStackFindings, type StackFindingsDiff } from '../../../tools/diff/stack-findings';
import { decideVerdict } from '../../../tools/diff/verdict';

const s1: Finding = {
  source: 'cdk-nag',
  rule: 'AwsSolutions-S1',
  path: 'Uploads/Resource',
  logicalId: 'UploadsABCD1234',
  severity: 'error',
  message: 'The S3 Bucket has server access logs disabled.',
};
const lambdaOutsideVpc: Finding = {
  source: 'guard',
  rule: 'CT.LAMBDA.PR.3 (lambda_inside_vpc_check)',
  path: 'Reporter/Resource',
  logicalId: 'Reporter1234ABCD',
  severity: 'error',
  message: 'Require an AWS Lambda function to be in a customer-managed Amazon Virtual Private Cloud (VPC).',
};
const kmsRotation: Finding = {
  source: 'guard',
  rule: 'CT.KMS.PR.1 (kms_key_rotation_enabled_check)',
  path: 'Key/Resource',
  severity: 'error',
  message: 'Require any AWS KMS key to have rotation configured.',
};
const ack = { rule: 'AwsSolutions-SNS3', path: 'Alarms/Topic', reason: 'Only CloudWatch alarms publish here.' };

const empty = { Resources: {} };
const stacks = [diffStackTemplates('AuroraSurge-prod', empty, empty)];

/** The findings of prod with the given head findings and acknowledgements (the base has `baseFindings`). */
function prodFindings(head: readonly Finding[], baseFindings: readonly Finding[] = [], acknowledgements = [ack]): StackFindingsDiff[] {
  const nag = (findings: readonly Finding[], acks: typeof acknowledgements) => ({
    reportPresent: true,
    byStack: new Map([['AuroraSurge-prod', { findings: findings.filter((f) => f.source === 'cdk-nag'), acknowledgements: acks }]]),
  });
  const guard = new Map([
    ['base/AuroraSurge-prod', baseFindings.filter((f) => f.source === 'guard')],
    ['head/AuroraSurge-prod', head.filter((f) => f.source === 'guard')],
  ]);
  return diffStackFindings(stacks, nag(baseFindings, []), nag(head, acknowledgements), guard);
}

function report(findings: readonly StackFindingsDiff[], allowDestructive = false): DiffReport {
  return {
    base: { label: 'main', shortCommit: 'abc1234' },
    headLabel: 'working tree (def5678)',
    stacks,
    findings,
    calendar: { basePresent: true, headPresent: true, byEnvironment: new Map() },
    plans: new Map(),
    verdict: decideVerdict(stacks, allowDestructive, findings),
    baseDependencies: 'linked',
  };
}

describe('verdict', () => {
  test('a new cdk-nag finding blocks (exit 1), and the destructive-change override does not lift it', () => {
    const findings = prodFindings([s1]);
    expect(decideVerdict(stacks, false, findings)).toMatchObject({ exitCode: 1, findings: [{ environment: 'prod', finding: s1 }] });
    expect(decideVerdict(stacks, true, findings).exitCode).toBe(1);
  });

  test('a new guard finding of a documented exception (CT.LAMBDA.PR.3) is listed but does not block; another control blocks', () => {
    expect(decideVerdict(stacks, false, prodFindings([lambdaOutsideVpc])).exitCode).toBe(0);
    expect(decideVerdict(stacks, false, prodFindings([kmsRotation])).exitCode).toBe(1);
  });

  test('findings that are gone and suppressions added alone do not block', () => {
    expect(decideVerdict(stacks, false, prodFindings([], [s1, kmsRotation])).exitCode).toBe(0);
  });
});

describe('the report', () => {
  test('new findings at the top, with environment, rule, path, logical id, message and the fix pointer', () => {
    const md = renderReport(report(prodFindings([s1, kmsRotation])));
    expect(md).toContain(
      '**⛔ BLOCKED: 2 new security findings (cdk-nag, Control Tower).** Add the fix, or a NagSuppressions entry with its reason next to the construct',
    );
    expect(md).toContain(
      '- **prod: cdk-nag error `AwsSolutions-S1` on `Uploads/Resource` (UploadsABCD1234)** — The S3 Bucket has server access logs disabled.',
    );
    expect(md).toContain(
      '- **prod: Control Tower `CT.KMS.PR.1 (kms_key_rotation_enabled_check)` on `Key/Resource`** — Require any AWS KMS key',
    );
    expect(md).toContain('| prod | ⛔ blocked | 0 | 0 | 0 | 0 | — | ⛔ 2 new, 1 suppressed by this change |');
  });

  test('no finding changed: no blocked line, a dash in the findings column, no section', () => {
    const md = renderReport(report(prodFindings([s1], [s1], [])));
    expect(md).not.toContain('new security finding');
    expect(md).toContain('| prod | no change | 0 | 0 | 0 | 0 | — | — |');
    expect(md).not.toContain('#### Security checks');
  });

  test('the section: a count line, the suppression with its reason in view, the new and gone findings folded', () => {
    const section = renderFindingsSection(prodFindings([s1, lambdaOutsideVpc], [kmsRotation])[0], { folded: false });
    expect(section.split('\n\n')).toEqual([
      '#### Security checks',
      '⛔ 1 new, 1 new (documented exception), 1 fixed, 1 suppressed by this change (cdk-nag AwsSolutions and AWS Control Tower rules; compared by rule and resource path).',
      '- 🔕 suppressed by this change: `AwsSolutions-SNS3` on `Alarms/Topic`: Only CloudWatch alarms publish here.',
      '<details><summary>Findings new and gone (3)</summary>',
      [
        '- ⛔ **new**: cdk-nag error `AwsSolutions-S1` on `Uploads/Resource` (UploadsABCD1234) — The S3 Bucket has server access logs disabled.',
        "- ⚠️ **new** (documented exception (README, AWS Control Tower proactive controls); network.functionPlacement: 'isolated-subnets' meets it): Control Tower `CT.LAMBDA.PR.3 (lambda_inside_vpc_check)` on `Reporter/Resource` (Reporter1234ABCD) — Require an AWS Lambda function to be in a customer-managed Amazon Virtual Private Cloud (VPC).",
        '- ✅ **fixed**: Control Tower `CT.KMS.PR.1 (kms_key_rotation_enabled_check)` on `Key/Resource` — Require any AWS KMS key to have rotation configured.',
      ].join('\n'),
      '</details>',
    ]);
  });

  test('folded (too large for a comment): the count line and suppressions stay, the finding list goes (it is in the full report)', () => {
    const section = renderFindingsSection(prodFindings([s1])[0], { folded: true });
    expect(section).toContain('⛔ 1 new, 1 suppressed by this change');
    expect(section).toContain('suppressed by this change: `AwsSolutions-SNS3`');
    expect(section).not.toContain('<details>');
  });

  test('a base without a validation report: cdk-nag findings are not compared (not all called new), and the section says why', () => {
    const diff = diffStackFindings(
      stacks,
      { reportPresent: false, byStack: new Map() },
      { reportPresent: true, byStack: new Map([['AuroraSurge-prod', { findings: [s1], acknowledgements: [] }]]) },
      new Map(),
    );
    expect(diff[0]?.added).toEqual([]);
    expect(renderFindingsSection(diff[0], { folded: false })).toContain(
      'cdk-nag findings not compared: the base wrote no validation report',
    );
  });

  test('a change with hundreds of new findings stays under the comment limit, with a count at the top', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...s1, path: `Buckets/Bucket${i}/Resource`, logicalId: `Bucket${i}` }));
    const comment = renderComment(report(prodFindings(many)));
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain('**⛔ BLOCKED: 3000 new security findings (cdk-nag).**');
    expect(comment).toContain('- … and 2985 more, listed per environment in the full report');
    expect(comment).toContain('too large for one comment');
    const full = renderReport(report(prodFindings(many)));
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(full).toContain('`Buckets/Bucket2999/Resource`');
    expect(describeFindingCounts(prodFindings(many)[0])).toBe('⛔ 3000 new, 1 suppressed by this change');
  });

  test('the verdict for findings is empty when there are none', () => {
    expect(renderFindingsVerdict([])).toBe('');
  });
});
