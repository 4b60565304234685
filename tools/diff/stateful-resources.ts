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
}

export const STATEFUL_RESOURCE_RULES: readonly StatefulResourceRule[] = [
  {
    type: 'AWS::RDS::DBCluster',
    what: 'the Aurora cluster',
    loses: 'the database and all its data (a new, empty cluster is created unless restored from a snapshot)',
  },
  {
    type: 'AWS::RDS::DBInstance',
    what: 'a database instance',
    loses: 'a writer or reader: its endpoint and capacity disappear until a new one is ready (~10 min)',
  },
  {
    type: 'AWS::RDS::DBSubnetGroup',
    what: 'the database subnet group',
    loses: 'the subnet group the cluster sits in: replacing it moves or replaces the cluster',
  },
  {
    type: 'AWS::KMS::Key',
    what: 'a KMS key',
    loses: 'the key that encrypts the database and its snapshots: data encrypted with it becomes unreadable once the key is deleted',
  },
  {
    type: 'AWS::SecretsManager::Secret',
    what: 'a Secrets Manager secret',
    loses: 'the database credentials every client reads: clients fail until they pick up the new secret',
  },
  { type: 'AWS::Logs::LogGroup', what: 'a log group', loses: 'the stored logs (audit, slow-query and error logs) in it' },
  {
    type: 'AWS::SNS::Topic',
    what: 'an SNS topic',
    loses: 'the alarm topic and its confirmed subscriptions (e-mail subscribers must confirm again)',
  },
  { type: 'AWS::RDS::GlobalCluster', what: 'an Aurora global cluster', loses: 'the global database and its secondary regions' },
  // Next to the cluster, created or existing (database.kind 'existing' has no AWS::RDS::DBCluster in the template,
  // so these are what a change to it touches): see docs/adopt-existing-cluster.md.
  {
    type: 'AWS::RDS::DBProxyTargetGroup',
    what: "the proxy's registration of the cluster",
    loses: 'the link from the proxy to the cluster: every connection through the proxy fails until the cluster is registered again',
  },
  {
    type: 'Custom::AutoscaledReplicaCleanup',
    what: 'the auto-scaled replica clean-up',
    loses:
      'the readers Aurora Auto Scaling added: deleting this resource runs the clean-up, which deletes them once no scalable target manages the cluster',
  },
];

const BY_TYPE: ReadonlyMap<string, StatefulResourceRule> = new Map(STATEFUL_RESOURCE_RULES.map((rule) => [rule.type, rule]));

/** The rule for a resource type, or `undefined` when the type holds no state worth guarding. */
export function statefulRule(resourceType: string | undefined): StatefulResourceRule | undefined {
  return resourceType === undefined ? undefined : BY_TYPE.get(resourceType);
}
