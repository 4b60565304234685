import { App, type IResolvable, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AutoscaledReplicaCleanup, type AutoscaledReplicaCleanupProps } from '../../lib/autoscaled-replica-cleanup';
import { testApp } from '../helpers/synth';

const CLUSTER_ID = 'aurora-surge-test';

interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly cleanup: AutoscaledReplicaCleanup;
  readonly cluster: rds.DatabaseCluster;
  readonly target: appscaling.ScalableTarget;
  readonly template: Template;
}

/** A small stack: an isolated VPC, an Aurora cluster, its reader scalable target and the clean-up. */
function buildFixture(options: { retainCluster?: boolean; props?: Partial<AutoscaledReplicaCleanupProps> } = {}): Fixture {
  const app = testApp();
  const stack = new Stack(app, 'CleanupTest', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const cluster = new rds.DatabaseCluster(stack, 'Cluster', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    clusterIdentifier: CLUSTER_ID,
    writer: rds.ClusterInstance.provisioned('Writer'),
    vpc: vpc as ec2.IVpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  const cleanup = new AutoscaledReplicaCleanup(stack, 'ReplicaCleanup', { cluster, clusterIdentifier: CLUSTER_ID, ...options.props });
  // Applied after the construct: the clean-up must still see it (it reads the policy at synth).
  if (options.retainCluster) cluster.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const target = new appscaling.ScalableTarget(stack, 'ReaderTarget', {
    serviceNamespace: appscaling.ServiceNamespace.RDS,
    scalableDimension: 'rds:cluster:ReadReplicaCount',
    resourceId: `cluster:${CLUSTER_ID}`,
    minCapacity: 0,
    maxCapacity: 4,
  });
  cleanup.protectScalableTarget(target);
  // The fixture's own VPC and cluster are not what this file checks.
  for (const [construct, ids] of [
    [vpc, ['AwsSolutions-VPC7']],
    [cluster, ['AwsSolutions-SMG4', 'AwsSolutions-RDS2', 'AwsSolutions-RDS6', 'AwsSolutions-RDS10']],
  ] as const) {
    for (const id of ids) Validations.of(construct).acknowledge({ id, reason: 'test fixture, not under test' });
  }
  return { app, stack, cleanup, cluster, target, template: Template.fromStack(stack) };
}

// Built once each: synth and bundling are the slow part. `variant` retains the cluster and keeps logs a week.
let fixture: Fixture;
let variant: Fixture;
beforeAll(() => {
  fixture = buildFixture();
  variant = buildFixture({ retainCluster: true, props: { logRetentionDays: 7 } });
});

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

function handlerFunctions(template: Template): Record<string, { Properties: Record<string, unknown> }> {
  return template.findResources('AWS::Lambda::Function', {
    Properties: { Handler: Match.stringLikeRegexp('^index\\.(onEvent|isComplete)$') },
  }) as Record<string, { Properties: Record<string, unknown> }>;
}

describe('the clean-up functions', () => {
  test('run onEvent and isComplete on the newest Node.js runtime, arm64, outside any VPC', () => {
    const functions = Object.values(handlerFunctions(fixture.template));
    expect(functions.map((f) => f.Properties.Handler).sort()).toEqual(['index.isComplete', 'index.onEvent']);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 120, MemorySize: 256 });
      expect(fn.Properties.VpcConfig).toBeUndefined();
    }
  });

  test('log to their own log group; handler, framework and waiter logs are encrypted, kept a year by default and after the stack is gone', () => {
    const handlerLogs = logicalId(fixture.stack, fixture.cleanup.logGroup);
    for (const fn of Object.values(handlerFunctions(fixture.template))) {
      expect(fn.Properties.LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: { Ref: handlerLogs } });
    }
    const kept = fixture.template.findResources('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    expect(Object.keys(kept)).toHaveLength(3);
  });

  test('the log retention is configurable', () => {
    expect(Object.keys(variant.template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 7 } }))).toHaveLength(3);
  });

  test("the Provider's waiter state machine logs every event to its log group and is traced with X-Ray", () => {
    fixture.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', Destinations: [Match.objectLike({})] },
      TracingConfiguration: { Enabled: true },
    });
  });
});

describe('least privilege', () => {
  test('the handler role may list instances, delete only application-autoscaling-* instances and read scalable targets', () => {
    const role = fixture.cleanup.node.findChild('HandlerRole') as unknown as { node: { defaultChild: unknown } };
    const policies = fixture.template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(fixture.stack, role) }] },
    });
    const statements = Object.values(policies).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement,
    );
    const arn = (resource: string) => ({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':rds:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:db:${resource}`],
      ],
    });
    expect(
      statements.filter((s) => String(s.Action).startsWith('rds:') || String(s.Action).startsWith('application-autoscaling:')),
    ).toEqual([
      { Sid: 'ListClusterInstances', Effect: 'Allow', Action: 'rds:DescribeDBInstances', Resource: arn('*') },
      { Sid: 'DeleteAutoscaledReplicas', Effect: 'Allow', Action: 'rds:DeleteDBInstance', Resource: arn('application-autoscaling-*') },
      { Sid: 'CheckReaderAutoScaling', Effect: 'Allow', Action: 'application-autoscaling:DescribeScalableTargets', Resource: '*' },
    ]);
    // Besides those, only writing its own logs: no managed policy, no other action.
    expect(statements.flatMap((s) => s.Action).sort()).toEqual([
      'application-autoscaling:DescribeScalableTargets',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'rds:DeleteDBInstance',
      'rds:DescribeDBInstances',
    ]);
    fixture.template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp(CLUSTER_ID),
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    const findings = new AwsSolutionsChecks(fixture.app)
      .validateScope(fixture.stack)
      .violations.map((v) => `${v.ruleName}: ${v.description}`);
    expect(findings).toEqual([]);
  });
});

describe('the clean-up resource', () => {
  const resourceOf = (f: Fixture) =>
    Object.values(f.template.findResources('Custom::AutoscaledReplicaCleanup'))[0] as {
      Properties: Record<string, unknown>;
      DependsOn: string[];
    };

  test('depends on the cluster, so on stack deletion it runs before the cluster is deleted', () => {
    const { DependsOn } = resourceOf(fixture);
    expect(DependsOn).toEqual(expect.arrayContaining([logicalId(fixture.stack, fixture.cluster)]));
    // …and on the cluster's instances too: it is deleted before any of them.
    const writer = fixture.cluster.node.findChild('Writer') as unknown as { node: { defaultChild: unknown } };
    expect(DependsOn).toEqual(expect.arrayContaining([logicalId(fixture.stack, writer)]));
  });

  test('names the cluster and carries its deletion policy', () => {
    expect(resourceOf(fixture).Properties).toMatchObject({ ClusterIdentifier: CLUSTER_ID, ClusterDeletionPolicy: 'Snapshot' });
  });

  test('sees a removal policy applied to the cluster after the construct', () => {
    expect(resourceOf(variant).Properties).toMatchObject({ ClusterDeletionPolicy: 'Retain' });
  });

  test('protectScalableTarget makes the scalable target depend on it, so the target is deregistered first', () => {
    const target = fixture.template.findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    expect(Object.values(target)[0]).toMatchObject({ DependsOn: [logicalId(fixture.stack, fixture.cleanup.resource)] });
  });

  test('the Provider polls every 30 s for 45 minutes at most (90 attempts)', () => {
    const [machine] = Object.values(fixture.template.findResources('AWS::StepFunctions::StateMachine')) as {
      Properties: { DefinitionString: IResolvable };
    }[];
    const definition = JSON.stringify(fixture.stack.resolve(machine!.Properties.DefinitionString));
    expect(definition).toContain('\\"IntervalSeconds\\":30,\\"MaxAttempts\\":90');
  });

  test('refuses a cluster identifier RDS would refuse', () => {
    const stack = new Stack(new App(), 'Bad');
    const cluster = {} as rds.IDatabaseCluster;
    expect(() => new AutoscaledReplicaCleanup(stack, 'Cleanup', { cluster, clusterIdentifier: 'bad--identifier' })).toThrow(
      'Bad/Cleanup: clusterIdentifier "bad--identifier" is not an RDS cluster identifier. Fix: 1–63 letters, digits or single hyphens',
    );
  });
});
