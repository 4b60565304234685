import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import {
  DBInstanceNotFoundFault,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  type DBInstance,
  InvalidDBClusterStateFault,
  InvalidDBInstanceStateFault,
  RDSClient,
  RDSServiceException,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createCleanupClients } from '../../../lambda/autoscaled-replica-cleanup/aws-clients';
import type { CleanupLogger } from '../../../lambda/autoscaled-replica-cleanup/cleanup-step';
import { awsCleanupPort } from '../../../lambda/autoscaled-replica-cleanup/cluster-port';
import { type CleanupEvent, createHandlers, physicalResourceIdFor } from '../../../lambda/autoscaled-replica-cleanup/handler';

const CLUSTER = 'aurora-surge-dev';
const rds = mockClient(RDSClient);
const autoScaling = mockClient(ApplicationAutoScalingClient);

/** Records what the clean-up logs, so tests read the reasons instead of printing them. */
class RecordingLogger implements CleanupLogger {
  readonly lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  info(message: string, fields: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, fields });
  }
}

let logger: RecordingLogger;
let handlers: ReturnType<typeof createHandlers>;

beforeEach(() => {
  rds.reset();
  autoScaling.reset();
  autoScaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
  logger = new RecordingLogger();
  handlers = createHandlers(awsCleanupPort(createCleanupClients({ region: 'eu-west-1' })), logger);
});

function event(requestType: CleanupEvent['RequestType'], properties: Record<string, unknown> = {}): CleanupEvent {
  return {
    RequestType: requestType,
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:framework',
      ClusterIdentifier: CLUSTER,
      ClusterDeletionPolicy: 'Delete',
      ...properties,
    },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: physicalResourceIdFor(CLUSTER) }),
  };
}

/** An instance as DescribeDBInstances returns it; auto-scaled ones carry the tag Aurora Auto Scaling sets. */
function instance(identifier: string, status = 'available', cluster = CLUSTER): DBInstance {
  const tagged = identifier.startsWith('application-autoscaling-');
  return {
    DBInstanceIdentifier: identifier,
    DBClusterIdentifier: cluster,
    DBInstanceStatus: status,
    ...(tagged ? { TagList: [{ Key: 'application-autoscaling:resourceId', Value: `cluster:${cluster}` }] } : {}),
  };
}

const WRITER = instance('aurora-surge-dev-instance-1');
const FIXED_READER = instance('aurora-surge-dev-standby');

function awsError(name: string, message: string, fault: 'client' | 'server' = 'client'): RDSServiceException {
  return new RDSServiceException({ name, message, $fault: fault, $metadata: { httpStatusCode: fault === 'client' ? 400 : 500 } });
}

describe('Create and Update', () => {
  test.each(['Create', 'Update'] as const)('%s calls no AWS API and returns the stable physical id', async (type) => {
    await expect(handlers.onEvent(event(type))).resolves.toEqual({ PhysicalResourceId: 'aurora-surge-dev-autoscaled-replica-cleanup' });
    await expect(handlers.isComplete(event(type))).resolves.toEqual({ IsComplete: true });
    expect(rds.calls()).toHaveLength(0);
    expect(autoScaling.calls()).toHaveLength(0);
  });

  test('a bad property fails the deploy with the field and the fix', async () => {
    await expect(handlers.onEvent(event('Create', { ClusterIdentifier: 'Bad_Name' }))).rejects.toThrow(
      'ClusterIdentifier: "Bad_Name" is not an RDS cluster identifier. Fix: pass the cluster\'s identifier',
    );
  });
});

describe('Delete', () => {
  test('reads every page (Marker) and deletes the auto-scaled replicas of all pages, nothing else', async () => {
    // The paginator reuses one input object, so each request is copied when it is received.
    const pages = [
      { DBInstances: [WRITER, instance('application-autoscaling-aaa')], Marker: 'page-2' },
      { DBInstances: [FIXED_READER, instance('application-autoscaling-bbb')] },
    ];
    const requests: Record<string, unknown>[] = [];
    rds.on(DescribeDBInstancesCommand).callsFake((input) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });
    rds.on(DeleteDBInstanceCommand).resolves({});

    await expect(handlers.onEvent(event('Delete'))).resolves.toEqual({ PhysicalResourceId: physicalResourceIdFor(CLUSTER) });

    const filter = [{ Name: 'db-cluster-id', Values: [CLUSTER] }];
    expect(requests).toEqual([
      { Filters: filter, MaxRecords: 100 },
      { Filters: filter, MaxRecords: 100, Marker: 'page-2' },
    ]);
    expect(deletedIdentifiers()).toEqual(['application-autoscaling-aaa', 'application-autoscaling-bbb']);
  });

  test('sends only the identifier: no final snapshot options for an Aurora instance', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('application-autoscaling-aaa')] });
    rds.on(DeleteDBInstanceCommand).resolves({});
    await handlers.onEvent(event('Delete'));
    expect(rds.commandCalls(DeleteDBInstanceCommand)[0]!.args[0].input).toEqual({ DBInstanceIdentifier: 'application-autoscaling-aaa' });
  });

  test('never deletes an instance of another cluster, even if the listing returns one', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        instance('application-autoscaling-other', 'available', 'aurora-surge-staging'),
        instance('application-autoscaling-ours'),
      ],
    });
    rds.on(DeleteDBInstanceCommand).resolves({});
    await handlers.onEvent(event('Delete'));
    expect(deletedIdentifiers()).toEqual(['application-autoscaling-ours']);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        message: 'instances left alone',
        fields: { cluster: CLUSTER, ignored: [{ identifier: 'application-autoscaling-other', reason: 'other-cluster' }] },
      }),
    );
  });

  test('leaves the writer and the fixed readers alone: with no auto-scaled replica the clean-up is complete', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [WRITER, FIXED_READER] });
    await handlers.onEvent(event('Delete'));
    await expect(handlers.isComplete(event('Delete'))).resolves.toEqual({ IsComplete: true });
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });

  test('does not delete an instance already deleting, and waits for it', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [WRITER, instance('application-autoscaling-aaa', 'deleting')] });
    await handlers.onEvent(event('Delete'));
    await expect(handlers.isComplete(event('Delete'))).resolves.toEqual({ IsComplete: false });
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });

  test('DBInstanceNotFound (gone between listing and delete) is fine', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [instance('application-autoscaling-aaa')] })
      .resolves({ DBInstances: [] });
    rds
      .on(DeleteDBInstanceCommand)
      .rejects(new DBInstanceNotFoundFault({ message: 'DBInstance application-autoscaling-aaa not found.', $metadata: {} }));
    await expect(handlers.onEvent(event('Delete'))).resolves.toBeDefined();
    await expect(handlers.isComplete(event('Delete'))).resolves.toEqual({ IsComplete: true });
  });

  test.each([
    [
      'the instance is still being created',
      new InvalidDBInstanceStateFault({ message: 'Instance application-autoscaling-aaa is not in available state.', $metadata: {} }),
    ],
    [
      'the cluster is modifying',
      new InvalidDBClusterStateFault({ message: 'DB cluster aurora-surge-dev is not in a valid state.', $metadata: {} }),
    ],
  ])('when %s, waits and sends the delete again on the next poll', async (_name, refusal) => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [instance('application-autoscaling-aaa', 'creating')] })
      .resolvesOnce({ DBInstances: [instance('application-autoscaling-aaa', 'available')] })
      .resolvesOnce({ DBInstances: [instance('application-autoscaling-aaa', 'deleting')] })
      .resolves({ DBInstances: [] });
    rds.on(DeleteDBInstanceCommand).rejectsOnce(refusal).resolves({});

    await handlers.onEvent(event('Delete'));
    expect(await handlers.isComplete(event('Delete'))).toEqual({ IsComplete: false }); // delete accepted now
    expect(await handlers.isComplete(event('Delete'))).toEqual({ IsComplete: false }); // deleting
    expect(await handlers.isComplete(event('Delete'))).toEqual({ IsComplete: true }); // gone
    expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 2);
  });

  test('throttling that outlives the SDK retries is retried on the next poll, then succeeds', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .rejectsOnce(awsError('Throttling', 'Rate exceeded'))
      .resolvesOnce({ DBInstances: [instance('application-autoscaling-aaa')] })
      .resolvesOnce({ DBInstances: [instance('application-autoscaling-aaa')] })
      .resolves({ DBInstances: [] });
    rds.on(DeleteDBInstanceCommand).rejectsOnce(awsError('ThrottlingException', 'Rate exceeded')).resolves({});

    await expect(handlers.onEvent(event('Delete'))).resolves.toBeDefined(); // listing throttled: wait
    expect(await handlers.isComplete(event('Delete'))).toEqual({ IsComplete: false }); // delete throttled: wait
    expect(await handlers.isComplete(event('Delete'))).toEqual({ IsComplete: false }); // delete accepted
    expect(await handlers.isComplete(event('Delete'))).toEqual({ IsComplete: true });
    expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 2);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        message: 'clean-up waiting',
        fields: expect.objectContaining({ reason: expect.stringContaining('Throttling: Rate exceeded') }),
      }),
    );
  });

  test('a service fault (5xx) is waited out too', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .rejectsOnce(awsError('InternalFailure', 'boom', 'server'))
      .resolves({ DBInstances: [] });
    await handlers.onEvent(event('Delete'));
    await expect(handlers.isComplete(event('Delete'))).resolves.toEqual({ IsComplete: true });
  });

  test('a persistent AccessDenied on listing fails with the cluster named and the fix', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: rds:DescribeDBInstances'));
    await expect(handlers.onEvent(event('Delete'))).rejects.toThrow(
      'Could not list the instances of cluster aurora-surge-dev to delete its auto-scaled replicas: AccessDenied: User is not authorized to perform: rds:DescribeDBInstances. Fix: allow rds:DescribeDBInstances',
    );
    await expect(handlers.isComplete(event('Delete'))).rejects.toThrow('cluster aurora-surge-dev');
  });

  test('a refused delete fails with the cluster and the instance named', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('application-autoscaling-aaa')] });
    rds.on(DeleteDBInstanceCommand).rejects(awsError('AccessDenied', 'not authorized to perform: rds:DeleteDBInstance'));
    await expect(handlers.onEvent(event('Delete'))).rejects.toThrow(
      'Could not delete auto-scaled replica application-autoscaling-aaa of cluster aurora-surge-dev: AccessDenied: not authorized to perform: rds:DeleteDBInstance. Fix:',
    );
  });

  test('a stopped cluster fails at once with the fix, instead of waiting for the time-out', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolves({ DBInstances: [instance('aurora-surge-dev-instance-1', 'stopped'), instance('application-autoscaling-aaa', 'stopped')] });
    await expect(handlers.onEvent(event('Delete'))).rejects.toThrow(
      'Cannot delete the auto-scaled replicas of cluster aurora-surge-dev: application-autoscaling-aaa (stopped). Fix: start the cluster (`aws rds start-db-cluster --db-cluster-identifier aurora-surge-dev`)',
    );
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });

  test('deletes nothing while Aurora Auto Scaling still manages the cluster (resource removed by an update, not a teardown)', async () => {
    autoScaling.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets: [
        {
          ServiceNamespace: 'rds',
          ResourceId: `cluster:${CLUSTER}`,
          ScalableDimension: 'rds:cluster:ReadReplicaCount',
          MinCapacity: 1,
          MaxCapacity: 4,
          RoleARN: 'arn',
          CreationTime: new Date(),
        },
      ],
    });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('application-autoscaling-aaa')] });
    await handlers.onEvent(event('Delete'));
    await expect(handlers.isComplete(event('Delete'))).resolves.toEqual({ IsComplete: true });
    expect(autoScaling).toHaveReceivedCommandWith(DescribeScalableTargetsCommand, {
      ServiceNamespace: 'rds',
      ResourceIds: [`cluster:${CLUSTER}`],
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
    });
    expect(rds.calls()).toHaveLength(0);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'clean-up skipped',
        fields: { reason: expect.stringContaining('protectScalableTarget') },
      }),
    );
  });

  test.each(['Retain', 'RetainExceptOnCreate'])('deletes nothing when the cluster is kept (DeletionPolicy %s)', async (policy) => {
    await handlers.onEvent(event('Delete', { ClusterDeletionPolicy: policy }));
    await expect(handlers.isComplete(event('Delete', { ClusterDeletionPolicy: policy }))).resolves.toEqual({ IsComplete: true });
    expect(rds.calls()).toHaveLength(0);
    expect(autoScaling.calls()).toHaveLength(0);
  });

  test('keeps the physical id on Delete', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    await expect(handlers.onEvent({ ...event('Delete'), PhysicalResourceId: 'created-by-an-older-version' })).resolves.toEqual({
      PhysicalResourceId: 'created-by-an-older-version',
    });
  });
});

function deletedIdentifiers(): (string | undefined)[] {
  return rds.commandCalls(DeleteDBInstanceCommand).map((call) => call.args[0].input.DBInstanceIdentifier);
}
