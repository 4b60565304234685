import { CloudFormationClient, DescribeTypeCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { checkCloudFormationSchemas } from '../../../tools/preflight/checks/cloudformation-schemas';
import { awsError } from '../../helpers/aws-errors';

const cfnMock = mockClient(CloudFormationClient);
const cfn = new CloudFormationClient({ region: 'eu-central-1' });

const TEMPLATE = {
  Resources: {
    ReaderTarget: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: { MinCapacity: 1, MaxCapacity: 4, Tags: [] } },
    ProxyTargets: { Type: 'AWS::RDS::DBProxyTargetGroup', Properties: { DBProxyName: 'p', TargetGroupName: 'default' } },
    Cleanup: { Type: 'Custom::ReplicaCleanup', Properties: { ServiceToken: 'arn' } },
    CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'x' } },
  },
};

function schema(type: string, properties: string[]) {
  cfnMock
    .on(DescribeTypeCommand, { Type: 'RESOURCE', TypeName: type })
    .resolves({ Schema: JSON.stringify({ typeName: type, properties: Object.fromEntries(properties.map((p) => [p, {}])) }) });
}

beforeEach(() => cfnMock.reset());

describe("the region's CloudFormation schemas", () => {
  it('pass when every property the template sets is in the schema', async () => {
    schema('AWS::ApplicationAutoScaling::ScalableTarget', ['MinCapacity', 'MaxCapacity', 'Tags', 'ResourceId']);
    schema('AWS::RDS::DBProxyTargetGroup', ['DBProxyName', 'TargetGroupName', 'Tags']);
    const result = await checkCloudFormationSchemas(cfn, 'shop', 'eu-central-1', TEMPLATE);
    expect(result.status).toBe('pass');
    // custom resources and CDK metadata are not registry types
    expect(cfnMock).toHaveReceivedCommandTimes(DescribeTypeCommand, 2);
  });

  it('fail when the region does not know Tags on a scalable target yet', async () => {
    schema('AWS::ApplicationAutoScaling::ScalableTarget', ['MinCapacity', 'MaxCapacity', 'ResourceId']);
    schema('AWS::RDS::DBProxyTargetGroup', ['DBProxyName', 'TargetGroupName']);
    const result = await checkCloudFormationSchemas(cfn, 'shop', 'eu-central-1', TEMPLATE);
    expect(result.status).toBe('fail');
    expect(result.problems.map((p) => p.problem)).toEqual([
      "[shop] AWS::ApplicationAutoScaling::ScalableTarget.Tags (on ReaderTarget) is not in eu-central-1's schema for AWS::ApplicationAutoScaling::ScalableTarget: CloudFormation would reject the template.",
    ]);
    expect(result.problems[0]?.fix).toContain(
      'aws cloudformation describe-type --type RESOURCE --type-name AWS::ApplicationAutoScaling::ScalableTarget',
    );
  });

  it('fail when a resource type is not in the region at all', async () => {
    schema('AWS::ApplicationAutoScaling::ScalableTarget', ['MinCapacity', 'MaxCapacity', 'Tags']);
    cfnMock.on(DescribeTypeCommand, { TypeName: 'AWS::RDS::DBProxyTargetGroup' }).rejects(awsError('TypeNotFoundException'));
    const result = await checkCloudFormationSchemas(cfn, 'shop', 'eu-central-1', TEMPLATE);
    expect(result.problems[0]?.problem).toBe(
      "[shop] AWS::RDS::DBProxyTargetGroup is not available in eu-central-1's CloudFormation registry (used by ProxyTargets).",
    );
  });
});
