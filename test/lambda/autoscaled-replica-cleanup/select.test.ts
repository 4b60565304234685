import { parseCleanupProperties, PROPERTY } from '../../../lambda/autoscaled-replica-cleanup/contract';
import { planReplicaCleanup } from '../../../lambda/autoscaled-replica-cleanup/select-replicas';

const CLUSTER = 'aurora-surge-dev';
/** The tag Aurora Auto Scaling puts on the replicas it creates in CLUSTER. */
const TAGGED = { tags: { 'application-autoscaling:resourceId': `cluster:${CLUSTER}` } };

describe('planReplicaCleanup', () => {
  test.each([
    [
      'an auto-scaled replica of the cluster',
      { identifier: 'application-autoscaling-1a2b', clusterIdentifier: CLUSTER, status: 'available', ...TAGGED },
      'delete',
    ],
    [
      'an auto-scaled replica still being created',
      { identifier: 'application-autoscaling-1a2b', clusterIdentifier: CLUSTER, status: 'creating', ...TAGGED },
      'delete',
    ],
    [
      'an auto-scaled replica already deleting',
      { identifier: 'application-autoscaling-1a2b', clusterIdentifier: CLUSTER, status: 'deleting', ...TAGGED },
      'wait',
    ],
    [
      'an auto-scaled replica in delete-precheck',
      { identifier: 'application-autoscaling-1a2b', clusterIdentifier: CLUSTER, status: 'delete-precheck', ...TAGGED },
      'wait',
    ],
    [
      'an auto-scaled replica of a stopped cluster',
      { identifier: 'application-autoscaling-1a2b', clusterIdentifier: CLUSTER, status: 'stopped', ...TAGGED },
      'blocked',
    ],
    [
      'identifiers compared without case',
      { identifier: 'Application-AutoScaling-1A2B', clusterIdentifier: 'AURORA-SURGE-DEV', status: 'available', ...TAGGED },
      'delete',
    ],
  ])('%s → %s', (_name, instance, kind) => {
    const plan = planReplicaCleanup(CLUSTER, [instance]);
    expect(plan.replicas.map((r) => r.kind)).toEqual([kind]);
    expect(plan.ignored).toEqual([]);
  });

  test.each([
    [
      'the writer the stack created',
      { identifier: 'aurora-surge-dev-instance-1', clusterIdentifier: CLUSTER, status: 'available' },
      'not-created-by-autoscaling',
    ],
    [
      'a fixed reader at tier 15',
      { identifier: 'aurora-surge-dev-reader-2', clusterIdentifier: CLUSTER, status: 'available' },
      'not-created-by-autoscaling',
    ],
    [
      'a name that only contains the prefix',
      { identifier: 'x-application-autoscaling-1', clusterIdentifier: CLUSTER, status: 'available' },
      'not-created-by-autoscaling',
    ],
    [
      'an auto-scaled replica of another cluster',
      { identifier: 'application-autoscaling-9z', clusterIdentifier: 'aurora-surge-staging', status: 'available' },
      'other-cluster',
    ],
    [
      'a cluster whose name starts like ours',
      { identifier: 'application-autoscaling-9z', clusterIdentifier: 'aurora-surge-dev-2', status: 'available' },
      'other-cluster',
    ],
    ['a stand-alone instance', { identifier: 'application-autoscaling-9z', status: 'available' }, 'other-cluster'],
    [
      'a reader with the prefix but without the tag Aurora Auto Scaling sets',
      { identifier: 'application-autoscaling-hand-made', clusterIdentifier: CLUSTER, status: 'available' },
      'not-tagged-for-this-cluster',
    ],
    [
      'a replica tagged for another cluster',
      {
        identifier: 'application-autoscaling-9z',
        clusterIdentifier: CLUSTER,
        status: 'available',
        tags: { 'application-autoscaling:resourceId': 'cluster:aurora-surge-staging' },
      },
      'not-tagged-for-this-cluster',
    ],
  ])('leaves alone %s', (_name, instance, reason) => {
    const plan = planReplicaCleanup(CLUSTER, [instance]);
    expect(plan.replicas).toEqual([]);
    expect(plan.ignored).toEqual([{ identifier: instance.identifier, reason }]);
  });

  test('a stopped cluster carries the fix', () => {
    const [replica] = planReplicaCleanup(CLUSTER, [
      { identifier: 'application-autoscaling-1', clusterIdentifier: CLUSTER, status: 'stopped', ...TAGGED },
    ]).replicas;
    expect(replica).toMatchObject({ kind: 'blocked', fix: expect.stringContaining('start-db-cluster') });
  });
});

describe('parseCleanupProperties', () => {
  test('reads the properties the construct writes', () => {
    expect(
      parseCleanupProperties({ [PROPERTY.clusterIdentifier]: CLUSTER, [PROPERTY.clusterDeletionPolicy]: 'Snapshot', ServiceToken: 'arn' }),
    ).toEqual({ clusterIdentifier: CLUSTER, clusterDeletionPolicy: 'Snapshot' });
  });

  test('a missing deletion policy means Delete', () => {
    expect(parseCleanupProperties({ [PROPERTY.clusterIdentifier]: CLUSTER }).clusterDeletionPolicy).toBe('Delete');
  });

  test.each([
    [undefined, 'ClusterIdentifier: undefined is not an RDS cluster identifier. Fix: pass the cluster'],
    ['', 'ClusterIdentifier: "" is not an RDS cluster identifier'],
    ['1cluster', 'ClusterIdentifier: "1cluster" is not an RDS cluster identifier'],
    ['a--b', 'ClusterIdentifier: "a--b" is not an RDS cluster identifier'],
    ['trailing-', 'ClusterIdentifier: "trailing-" is not an RDS cluster identifier'],
    ['a'.repeat(64), 'is not an RDS cluster identifier'],
  ])('refuses cluster identifier %p', (value, message) => {
    expect(() => parseCleanupProperties({ [PROPERTY.clusterIdentifier]: value })).toThrow(message);
  });

  test('reports every problem at once', () => {
    expect(() => parseCleanupProperties({ [PROPERTY.clusterDeletionPolicy]: 'Keep' })).toThrow(
      'Custom::AutoscaledReplicaCleanup has invalid properties:\n' +
        "- ClusterIdentifier: undefined is not an RDS cluster identifier. Fix: pass the cluster's identifier (1–63 letters, digits or single hyphens, starting with a letter) as `clusterIdentifier` to AutoscaledReplicaCleanup.\n" +
        '- ClusterDeletionPolicy: "Keep" is not a CloudFormation DeletionPolicy. Fix: one of Delete, Snapshot, Retain, RetainExceptOnCreate (the construct fills it from the cluster).',
    );
  });
});
