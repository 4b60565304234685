import { covers, diffFindings, type Finding } from '../../../tools/diff/findings';

function nag(rule: string, path: string, extra: Partial<Finding> = {}): Finding {
  return { source: 'cdk-nag', rule, path, severity: 'error', message: `${rule} message`, ...extra };
}

const s1 = nag('AwsSolutions-S1', 'Uploads/Resource', { logicalId: 'UploadsABCD1234' });
const sns3 = nag('AwsSolutions-SNS3', 'Alarms/Topic/Resource');
const guardPr2: Finding = {
  source: 'guard',
  rule: 'CT.CLOUDWATCH.PR.2 (cloudwatch_log_group_retention_period_check)',
  path: 'Logs/Resource',
  severity: 'error',
  message: 'Require an Amazon CloudWatch log group to be retained for at least one year.',
};

describe('diffFindings', () => {
  test('a finding only in the head is new, one only in the base is gone (fixed)', () => {
    const diff = diffFindings({ findings: [guardPr2], acknowledgements: [] }, { findings: [s1], acknowledgements: [] });
    expect(diff.added).toEqual([s1]);
    expect(diff.gone).toEqual([guardPr2]);
    expect(diff.suppressionsAdded).toEqual([]);
  });

  test('the same rule on the same resource path is the same finding, whatever its logical id, message or source line', () => {
    const moved = { ...s1, logicalId: 'UploadsFFFF0000', message: 'reworded by a cdk-nag upgrade' };
    const diff = diffFindings({ findings: [s1], acknowledgements: [] }, { findings: [moved], acknowledgements: [] });
    expect(diff).toEqual({ added: [], gone: [], suppressionsAdded: [] });
  });

  test('a resource moved to another construct path: its finding is gone at the old path and new at the new one', () => {
    const renamed = { ...s1, path: 'Storage/Uploads/Resource' };
    const diff = diffFindings({ findings: [s1], acknowledgements: [] }, { findings: [renamed], acknowledgements: [] });
    expect(diff.added.map((f) => f.path)).toEqual(['Storage/Uploads/Resource']);
    expect(diff.gone.map((f) => f.path)).toEqual(['Uploads/Resource']);
  });

  test('the same rule on the same path from cdk-nag and from guard are two findings', () => {
    const sameName = { ...guardPr2, source: 'cdk-nag' as const };
    const diff = diffFindings({ findings: [guardPr2], acknowledgements: [] }, { findings: [sameName], acknowledgements: [] });
    expect(diff.added).toEqual([sameName]);
    expect(diff.gone).toEqual([guardPr2]);
  });

  test('an acknowledgement the change adds is listed, and the finding it hides is marked suppressed, not fixed', () => {
    const ack = { rule: 'AwsSolutions-SNS3', path: 'Alarms/Topic', reason: 'Only CloudWatch publishes.' };
    const kept = { rule: 'CloudFormation-Validate::W3010', path: 'Network/Vpc', reason: 'Zones named in config.' };
    const diff = diffFindings({ findings: [sns3, guardPr2], acknowledgements: [kept] }, { findings: [], acknowledgements: [kept, ack] });
    expect(diff.suppressionsAdded).toEqual([ack]);
    expect(diff.gone).toEqual([{ ...sns3, suppressedBy: ack }, guardPr2]);
  });

  test('an acknowledgement whose reason changes is not a new one', () => {
    const before = { rule: 'AwsSolutions-IAM4', path: 'Role', reason: 'old words' };
    const diff = diffFindings(
      { findings: [], acknowledgements: [before] },
      { findings: [], acknowledgements: [{ ...before, reason: 'new words' }] },
    );
    expect(diff.suppressionsAdded).toEqual([]);
  });

  test('a stack on one side only: every finding of the other side is new (or gone)', () => {
    expect(diffFindings(undefined, { findings: [s1, sns3], acknowledgements: [] }).added).toEqual([s1, sns3]);
    expect(diffFindings({ findings: [s1], acknowledgements: [] }, undefined).gone).toEqual([s1]);
  });

  test('a finding reported twice (two items of one rule on one resource are two rule ids) is listed once', () => {
    const diff = diffFindings(undefined, { findings: [s1, { ...s1 }], acknowledgements: [] });
    expect(diff.added).toEqual([s1]);
  });
});

describe('covers', () => {
  const ack = { rule: 'AwsSolutions-SNS3', path: 'Alarms/Topic', reason: 'r' };

  test('the acknowledged construct and its children, for the same rule id', () => {
    expect(covers(ack, sns3)).toBe(true);
    expect(covers(ack, { ...sns3, path: 'Alarms/Topic' })).toBe(true);
    expect(covers(ack, { ...sns3, path: 'Alarms/TopicPolicy/Resource' })).toBe(false);
    expect(covers(ack, { ...sns3, rule: 'AwsSolutions-SNS2' })).toBe(false);
  });

  test('a stack-level acknowledgement covers the whole stack', () => {
    expect(covers({ ...ack, path: '' }, sns3)).toBe(true);
  });

  test('an item of a rule is covered only by that item: AwsSolutions-IAM5 does not cover AwsSolutions-IAM5[Resource::*]', () => {
    const item = nag('AwsSolutions-IAM5[Resource::*]', 'Role/DefaultPolicy/Resource');
    expect(covers({ rule: 'AwsSolutions-IAM5', path: 'Role', reason: 'r' }, item)).toBe(false);
    expect(covers({ rule: 'AwsSolutions-IAM5[Resource::*]', path: 'Role', reason: 'r' }, item)).toBe(true);
  });

  test('guard findings are not silenced by an acknowledgement in the app', () => {
    expect(covers({ rule: guardPr2.rule, path: '', reason: 'r' }, guardPr2)).toBe(false);
  });
});
