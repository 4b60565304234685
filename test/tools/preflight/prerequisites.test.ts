import { CloudFormationClient, DescribeStacksCommand, type StackStatus } from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { checkPrerequisites, RDS_AUTOSCALING_ROLE } from '../../../tools/preflight/checks/prerequisites';
import { awsError } from '../../helpers/aws-errors';

const iamMock = mockClient(IAMClient);
const cfnMock = mockClient(CloudFormationClient);
const clients = { iam: new IAMClient({ region: 'eu-central-1' }), cloudFormation: new CloudFormationClient({ region: 'eu-central-1' }) };
const TARGET = { account: '480912375566', region: 'eu-central-1' };
const EXEC_ROLE = 'arn:aws:iam::480912375566:role/cdk-hnb659fds-cfn-exec-role-480912375566-eu-central-1';
const BOOTSTRAP = { toolkitStackName: 'CDKToolkit', minimumVersion: 6, cloudFormationExecutionRoleArn: EXEC_ROLE };

function toolkit(status: StackStatus, version: string | undefined) {
  cfnMock.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
    Stacks: [
      {
        StackName: 'CDKToolkit',
        StackStatus: status,
        CreationTime: new Date(0),
        Outputs: version === undefined ? [] : [{ OutputKey: 'BootstrapVersion', OutputValue: version }],
      },
    ],
  });
}

beforeEach(() => {
  iamMock.reset();
  cfnMock.reset();
  iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: RDS_AUTOSCALING_ROLE.name } as never });
  toolkit('UPDATE_COMPLETE', '28');
});

describe('prerequisites', () => {
  it('pass with the service-linked role and a recent bootstrap stack', async () => {
    const result = await checkPrerequisites(clients, 'shop', TARGET, BOOTSTRAP);
    expect(result.status).toBe('pass');
    expect(iamMock).toHaveReceivedCommandWith(GetRoleCommand, { RoleName: 'AWSServiceRoleForApplicationAutoScaling_RDSCluster' });
  });

  it('pass when the role is missing but the deploy role may create it (policy simulator)', async () => {
    iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException'));
    iamMock
      .on(SimulatePrincipalPolicyCommand)
      .resolves({ EvaluationResults: [{ EvalActionName: 'iam:CreateServiceLinkedRole', EvalDecision: 'allowed' }] });
    const result = await checkPrerequisites(clients, 'shop', TARGET, BOOTSTRAP);
    expect(result.status).toBe('pass');
    expect(iamMock).toHaveReceivedCommandWith(SimulatePrincipalPolicyCommand, {
      PolicySourceArn: EXEC_ROLE,
      ActionNames: ['iam:CreateServiceLinkedRole'],
      ContextEntries: [
        { ContextKeyName: 'iam:AWSServiceName', ContextKeyType: 'string', ContextKeyValues: ['rds.application-autoscaling.amazonaws.com'] },
      ],
    });
  });

  it('fail when the role is missing and may not be created, with the command that creates it', async () => {
    iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException'));
    iamMock
      .on(SimulatePrincipalPolicyCommand)
      .resolves({ EvaluationResults: [{ EvalActionName: 'iam:CreateServiceLinkedRole', EvalDecision: 'implicitDeny' }] });
    const result = await checkPrerequisites(clients, 'shop', TARGET, BOOTSTRAP);
    expect(result.status).toBe('fail');
    expect(result.problems[0]?.problem).toContain('(implicitDeny)');
    expect(result.problems[0]?.fix).toBe(
      'Fix: create it once: `aws iam create-service-linked-role --aws-service-name rds.application-autoscaling.amazonaws.com`.',
    );
  });

  it('fail without a bootstrap stack', async () => {
    cfnMock
      .on(DescribeStacksCommand, { StackName: 'CDKToolkit' })
      .rejects(Object.assign(awsError('ValidationError'), { message: 'Stack with id CDKToolkit does not exist' }));
    const result = await checkPrerequisites(clients, 'shop', TARGET, BOOTSTRAP);
    expect(result.problems.map((p) => p.fix)).toEqual(['Fix: bootstrap once: `npx cdk bootstrap aws://480912375566/eu-central-1`.']);
  });

  it('fail on a bootstrap stack older than the app needs', async () => {
    toolkit('UPDATE_COMPLETE', '4');
    const result = await checkPrerequisites(clients, 'shop', TARGET, BOOTSTRAP);
    expect(result.problems[0]?.problem).toBe('[shop] bootstrap stack CDKToolkit is version 4; this app needs 6 or later.');
  });

  it('fail on a bootstrap stack that did not finish', async () => {
    toolkit('UPDATE_ROLLBACK_COMPLETE', '28');
    const result = await checkPrerequisites(clients, 'shop', TARGET, BOOTSTRAP);
    expect(result.problems[0]?.problem).toBe('[shop] bootstrap stack CDKToolkit is UPDATE_ROLLBACK_COMPLETE.');
  });
});

describe('prerequisites before the bootstrap', () => {
  it('fail on the missing role and the missing bootstrap stack, without stopping at the missing deploy role', async () => {
    iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException'));
    iamMock.on(SimulatePrincipalPolicyCommand).rejects(awsError('NoSuchEntityException'));
    cfnMock
      .on(DescribeStacksCommand, { StackName: 'CDKToolkit' })
      .rejects(Object.assign(awsError('ValidationError'), { message: 'Stack with id CDKToolkit does not exist' }));
    const result = await checkPrerequisites(clients, 'shop', TARGET, BOOTSTRAP);
    expect(result.problems.map((p) => p.fix)).toEqual([
      'Fix: create it once: `aws iam create-service-linked-role --aws-service-name rds.application-autoscaling.amazonaws.com`.',
      'Fix: bootstrap once: `npx cdk bootstrap aws://480912375566/eu-central-1`.',
    ]);
    expect(result.problems[0]?.problem).toContain('(the deploy role does not exist: bootstrap first)');
  });
});
