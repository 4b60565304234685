import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IDependable } from 'constructs';
import type { ReaderAutoScalingConfig } from '../config/schema/reader-auto-scaling';

export interface ReaderAutoScalingProps {
  readonly clusterIdentifier: string;
  /** The cluster and its instances: the target is registered only once they exist. */
  readonly cluster: IDependable;
  /** The environment's `readerAutoScaling` config. */
  readonly config: ReaderAutoScalingConfig;
}

/** The scalable dimension Aurora Auto Scaling uses: the number of Aurora Replicas in the cluster. */
export const READ_REPLICA_COUNT = 'rds:cluster:ReadReplicaCount';

/**
 * Aurora Auto Scaling for readers: an Application Auto Scaling target on `rds:cluster:ReadReplicaCount`
 * with two target-tracking policies (average reader CPU, average reader connections). Scale-out is
 * quick, scale-in slow, and scale-in can be turned off.
 *
 * The count is every Aurora Replica in the cluster, fixed readers included; auto-scaled replicas take
 * the primary's instance class and promotion tier 15, and Aurora removes only the ones it created.
 * The pre-scaler raises `MinCapacity` before a campaign and restores it after; a deploy during a
 * campaign resets it to the configured minimum, and the next pre-scaler run raises it again.
 *
 * With a Serverless v2 writer (dev), the replicas it adds are `db.serverless` too (the primary's class) in
 * promotion tier 15, so they scale on their own rather than with the writer. The Aurora Auto Scaling page
 * (checked 2026-12-02) names only secondary clusters of an Aurora global database as unsupported; the
 * review's concern that Serverless v2 clusters cannot use Aurora Auto Scaling is not stated there. The
 * Serverless v2 "requirements and limitations" list could not be read here, so verify on the first dev
 * deploy (`npm run verify -- --env dev` checks the scalable target).
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html
 */
export class ReaderAutoScaling extends Construct {
  readonly target: appscaling.ScalableTarget;

  constructor(scope: Construct, id: string, props: ReaderAutoScalingProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);

    // Application Auto Scaling acts on RDS through its service-linked role; the role CDK would create
    // by default has no permissions and is not used for RDS.
    const serviceLinkedRole = iam.Role.fromRoleArn(
      this,
      'ServiceLinkedRole',
      stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: 'aws-service-role/rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster',
      }),
      { mutable: false },
    );

    this.target = new appscaling.ScalableTarget(this, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.RDS,
      scalableDimension: READ_REPLICA_COUNT,
      resourceId: `cluster:${props.clusterIdentifier}`,
      minCapacity: config.minReplicas,
      maxCapacity: config.maxReplicas,
      role: serviceLinkedRole,
    });
    this.target.node.addDependency(props.cluster);

    const common = {
      scaleOutCooldown: Duration.seconds(config.scaleOutCooldownSeconds),
      scaleInCooldown: Duration.seconds(config.scaleInCooldownSeconds),
      disableScaleIn: config.disableScaleIn,
    };
    this.target.scaleToTrackMetric('ReaderCpu', {
      ...common,
      policyName: `${props.clusterIdentifier}-reader-cpu`,
      predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_CPU_UTILIZATION,
      targetValue: config.targetCpuPercent,
    });
    this.target.scaleToTrackMetric('ReaderConnections', {
      ...common,
      policyName: `${props.clusterIdentifier}-reader-connections`,
      predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
      targetValue: config.targetConnectionsPerReader,
    });
  }
}
