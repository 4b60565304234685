import { CloudFormationClient, DescribeStacksCommand, DescribeTypeCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeAccountAttributesCommand, DescribeOrderableDBInstanceOptionsCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClients } from '../../../tools/aws-checks/aws-clients';
import { renderChecklist, reportPassed } from '../../../tools/aws-checks/render-checklist';
import { runPreflight } from '../../../tools/preflight/run-preflight';
import { awsError } from '../../helpers/aws-errors';
import { campaignsFor, shopEnv } from './fixtures';

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const lambda = mockClient(LambdaClient);
const iam = mockClient(IAMClient);

const TEMPLATE = {
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'aurora-surge-shop-pre-scaler', ReservedConcurrentExecutions: 1 } },
  },
};

beforeEach(() => {
  for (const m of [sts, cfn, ec2, rds, lambda, iam]) m.reset();
});

function options(
  env = shopEnv(),
  synthesize = jest.fn(() => ({
    template: TEMPLATE,
    requiresBootstrapStackVersion: 6,
    cloudFormationExecutionRoleArn: 'arn:aws:iam::480912375566:role/exec',
  })),
) {
  return {
    env,
    campaigns: campaignsFor(env),
    now: new Date('2026-11-01T00:00:00Z'),
    clients: createAwsClients('eu-central-1'),
    shellRegion: 'eu-central-1',
    synthesize,
    allowDuringCampaign: false,
  };
}

describe('preflight without credentials', () => {
  beforeEach(() => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
  });

  it('still reports every placeholder with its fix, fails on credentials, and lists the AWS checks as skipped', async () => {
    const opts = options(shopEnv((e) => (e.account = '333333333333')));
    const report = await runPreflight(opts);
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'placeholders:fail',
      'credentials:fail',
      'stack-state:skip',
      'imported-vpc:skip',
      'existing-cluster:skip',
      'orderable-classes:skip',
      'quotas:skip',
      'cloudformation-schemas:skip',
      'prerequisites:skip',
      'campaign-in-force:skip',
      'cluster-drift:skip',
    ]);
    expect(reportPassed(report)).toBe(false);
    expect(opts.synthesize).not.toHaveBeenCalled();
    const text = renderChecklist(report);
    expect(text).toMatch(/^preflight shop: ❌ No placeholders left in config and 1 more failed/);
    expect(text).toContain('Fix: set account in config/environments/shop.ts');
  });

  it('fails on the missing credentials alone when the config has no placeholders', async () => {
    const report = await runPreflight(options());
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['credentials']);
  });
});

describe('preflight with credentials', () => {
  function awsAnswers() {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '480912375566', Arn: 'arn:aws:sts::480912375566:assumed-role/deploy/me' });
    cfn
      .on(DescribeStacksCommand, { StackName: 'AuroraSurge-shop' })
      .rejects(Object.assign(awsError('ValidationError'), { message: 'Stack with id AuroraSurge-shop does not exist' }));
    cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
      Stacks: [
        {
          StackName: 'CDKToolkit',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(0),
          Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '28' }],
        },
      ],
    });
    cfn
      .on(DescribeTypeCommand)
      .resolves({ Schema: JSON.stringify({ properties: { FunctionName: {}, ReservedConcurrentExecutions: {} } }) });
    ec2.on(DescribeVpcsCommand).rejects(awsError('UnauthorizedOperation'));
    rds.on(DescribeOrderableDBInstanceOptionsCommand).resolves({
      OrderableDBInstanceOptions: [{ AvailabilityZones: [{ Name: 'eu-central-1a' }, { Name: 'eu-central-1b' }] }],
    });
    rds.on(DescribeAccountAttributesCommand).resolves({ AccountQuotas: [{ AccountQuotaName: 'DBInstances', Used: 0, Max: 40 }] });
    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
    lambda.on(GetFunctionConcurrencyCommand).rejects(awsError('ResourceNotFoundException'));
    iam.on(GetRoleCommand).resolves({ Role: {} as never });
  }

  it('turns a refused call into a failing check with the permission to grant, and runs the other checks', async () => {
    awsAnswers();
    const report = await runPreflight(options());
    expect(Object.fromEntries(report.checks.map((c) => [c.id, c.status]))).toEqual({
      placeholders: 'pass',
      'account-region': 'pass',
      'stack-state': 'pass',
      'imported-vpc': 'fail',
      'existing-cluster': 'skip',
      'orderable-classes': 'pass',
      quotas: 'pass',
      'cloudformation-schemas': 'pass',
      prerequisites: 'pass',
      'campaign-in-force': 'skip',
      'cluster-drift': 'skip',
    });
    const vpc = report.checks.find((c) => c.id === 'imported-vpc');
    expect(vpc?.problems[0]?.problem).toBe('could not run: UnauthorizedOperation: UnauthorizedOperation (test)');
    expect(vpc?.problems[0]?.fix).toContain('ReadOnlyAccess');
    expect(lambda).toHaveReceivedCommandWith(GetFunctionConcurrencyCommand, { FunctionName: 'aurora-surge-shop-pre-scaler' });
  });

  it('fails the checks that need the template with the synth error and how to see it', async () => {
    awsAnswers();
    const report = await runPreflight(
      options(
        shopEnv(),
        jest.fn(() => {
          throw new Error('[shop] pre-scaler: the calendar takes 5000 bytes');
        }),
      ),
    );
    for (const id of ['quotas', 'cloudformation-schemas', 'prerequisites']) {
      const check = report.checks.find((c) => c.id === id);
      expect(check?.status).toBe('fail');
      expect(check?.problems[0]?.problem).toBe(
        '[shop] the stack could not be synthesized: [shop] pre-scaler: the calendar takes 5000 bytes',
      );
      expect(check?.problems[0]?.fix).toContain('npm run synth');
    }
    expect(report.checks.find((c) => c.id === 'orderable-classes')?.status).toBe('pass');
  });
});
