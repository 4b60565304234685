/**
 * Resource types that hold data or identity which a replacement or deletion would lose. A change that
 * replaces (or may replace), deletes or orphans one of them is a *blocked* change: the diff command
 * exits 1 unless the override is given.
 *
 * Adding a type is one entry here. `loses` is printed in the report, so say in plain words what is lost.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
 * (update behaviours: "Replacement" creates a new physical resource and deletes the old one)
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbcluster.html
 * ("When properties labeled Update requires: Replacement are updated, AWS CloudFormation first creates a
 * replacement DB cluster … and finally deletes the old DB cluster")
 */
export interface StatefulResourceRule {
  /** CloudFormation resource type, e.g. `AWS::RDS::DBCluster`. */
  readonly type: string;
  /** A short noun for the report: `the Aurora cluster`. */
  readonly what: string;
  /** What a replacement or deletion loses, as a sentence fragment: `every row in the database`. */
  readonly loses: string;
  /**
   * The property that gives the resource a custom name. CloudFormation cannot replace a resource whose
   * name is set: the update fails and rolls back.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
   */
  readonly nameProperty?: string;
  /** What to do instead of letting CloudFormation replace or delete it: the safe procedure, with where it is written down. */
  readonly safeProcedure: string;
}

const SNAPSHOT_RESTORE =
  'take a manual snapshot, restore it into the new cluster (`snapshotIdentifier` on the new cluster; docs/pr-review.md, "Safe procedures"), cut clients over, then remove the old one in a later change; or, to change only how CloudFormation tracks the existing cluster, keep the resource and bring it under the new logical id with `cdk import` (resource import)';

export const STATEFUL_RESOURCE_RULES: readonly StatefulResourceRule[] = [
  {
    type: 'AWS::RDS::DBCluster',
    what: 'the Aurora cluster',
    loses: 'the database and all its data (a new, empty cluster is created unless restored from a snapshot)',
    nameProperty: 'DBClusterIdentifier',
    safeProcedure: SNAPSHOT_RESTORE,
  },
  {
    type: 'AWS::RDS::DBInstance',
    what: 'a database instance',
    loses: 'a writer or reader: its endpoint and capacity disappear until a new one is ready (~10 min)',
    nameProperty: 'DBInstanceIdentifier',
    safeProcedure:
      "add the new instance first, wait until it is `available`, then remove the old one in a later change (the pre-scaler and the proxy follow the cluster's members); to change only the logical id, `cdk import` it",
  },
  {
    type: 'AWS::RDS::DBSubnetGroup',
    what: 'the database subnet group',
    loses: 'the subnet group the cluster sits in: replacing it moves or replaces the cluster',
    nameProperty: 'DBSubnetGroupName',
    safeProcedure:
      'create the new subnet group beside the old one and move the cluster with a snapshot restore into it (docs/pr-review.md, "Safe procedures"); never let CloudFormation replace the group under a running cluster',
  },
  {
    type: 'AWS::KMS::Key',
    what: 'a KMS key',
    loses: 'the key that encrypts the database and its snapshots: data encrypted with it becomes unreadable once the key is deleted',
    safeProcedure:
      "keep the key (set RemovalPolicy.RETAIN), create the new key beside it, re-encrypt by snapshot copy with the new key and restore; schedule the old key's deletion only when nothing is encrypted with it",
  },
  {
    type: 'AWS::SecretsManager::Secret',
    what: 'a Secrets Manager secret',
    loses: 'the database credentials every client reads: clients fail until they pick up the new secret',
    nameProperty: 'Name',
    safeProcedure:
      'create the new secret beside the old one, point the proxy and the clients at it, then remove the old secret in a later change; or `cdk import` the existing secret under the new logical id',
  },
  {
    type: 'AWS::Logs::LogGroup',
    what: 'a log group',
    loses: 'the stored logs (audit, slow-query and error logs) in it',
    nameProperty: 'LogGroupName',
    safeProcedure:
      'export what must be kept (`aws logs create-export-task`) or keep the group (RemovalPolicy.RETAIN); to change only the logical id, `cdk import` it',
  },
  {
    type: 'AWS::SNS::Topic',
    what: 'an SNS topic',
    loses: 'the alarm topic and its confirmed subscriptions (e-mail subscribers must confirm again)',
    nameProperty: 'TopicName',
    safeProcedure:
      'create the new topic beside the old one, subscribe the on-call to it and move the alarms, then remove the old topic in a later change',
  },
  {
    type: 'AWS::RDS::GlobalCluster',
    what: 'an Aurora global cluster',
    loses: 'the global database and its secondary regions',
    nameProperty: 'GlobalClusterIdentifier',
    safeProcedure: SNAPSHOT_RESTORE,
  },
  // Next to the cluster, created or existing (database.kind 'existing' has no AWS::RDS::DBCluster in the template,
  // so these are what a change to it touches): see docs/adopt-existing-cluster.md.
  {
    type: 'AWS::RDS::DBProxyTargetGroup',
    what: "the proxy's registration of the cluster",
    loses: 'the link from the proxy to the cluster: every connection through the proxy fails until the cluster is registered again',
    safeProcedure:
      'deploy it outside any campaign window and run `npm run verify -- --env <env>` right after: the proxy targets must be AVAILABLE again (docs/adopt-existing-cluster.md)',
  },
  {
    type: 'Custom::AutoscaledReplicaCleanup',
    what: 'the auto-scaled replica clean-up',
    loses:
      'the readers Aurora Auto Scaling added: deleting this resource runs the clean-up, which deletes them once no scalable target manages the cluster',
    safeProcedure:
      'keep the clean-up while the cluster has auto-scaled readers; to retire it, first lower readerAutoScaling.maxReplicas to the fixed readers and let Aurora Auto Scaling remove its replicas (docs/teardown.md)',
  },
];

const BY_TYPE: ReadonlyMap<string, StatefulResourceRule> = new Map(STATEFUL_RESOURCE_RULES.map((rule) => [rule.type, rule]));

/** The rule for a resource type, or `undefined` when the type holds no state worth guarding. */
export function statefulRule(resourceType: string | undefined): StatefulResourceRule | undefined {
  return resourceType === undefined ? undefined : BY_TYPE.get(resourceType);
}
