import {
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { GetMetricDataCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import {
  AddTagsToResourceCommand,
  RemoveTagsFromResourceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  FailoverDBClusterCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { encodeSurgeRecord, OVERRIDE_TAG_KEYS, SURGE_TAG_KEYS } from '../contract/surge-tags';
import {
  ClusterPortError,
  type ClusterPort,
  type MetricRequest,
  type MutatingAction,
  type Observation,
  type SurgeTagChange,
} from '../core';
import type { PreScalerClients } from './aws-clients';
import { toClusterPortError } from './aws-errors';
import { metricQueries, metricWindow, withMetricResults } from './metric-queries';
import { READ_REPLICA_COUNT, readerTargetResourceId, toObservation } from './observation-mapping';

/** `MaxRecords` of `DescribeDBInstances` (100 is the API's maximum). */
export const INSTANCES_PAGE_SIZE = 100;

/**
 * The pre-scaler's {@link ClusterPort} over AWS SDK v3. Reads: `DescribeDBClusters` (the one
 * cluster), `DescribeDBInstances` filtered to the cluster (paginated), `DescribeScalableTargets` for
 * the reader target, and `GetMetricData` only when asked. Writes: one call per action, applied
 * immediately. Every SDK error leaves as a classified `ClusterPortError` (see `aws-errors.ts`).
 *
 * Only the command classes it uses are imported, so the bundle keeps just those.
 */
export class AwsClusterPort implements ClusterPort {
  constructor(
    private readonly clients: PreScalerClients,
    private readonly clusterIdentifier: string,
    /** The clock for the metric window. @default - the system clock */
    private readonly now: () => Date = () => new Date(),
    /** The RDS Proxy whose figures count as pressure (`ProxyName`). @default - no proxy figures */
    private readonly proxyName?: string,
  ) {}

  private clusterArn?: string;

  async observeCapacity(): Promise<Observation> {
    const [cluster, instances, targets] = await Promise.all([
      this.describeCluster(),
      this.describeInstances(),
      this.describeReaderTargets(),
    ]);
    const observation = toObservation(this.clusterIdentifier, cluster, instances, targets);
    if (observation.clusterArn) this.clusterArn = observation.clusterArn;
    return observation;
  }

  /**
   * The surge record with one `AddTagsToResource` (the record is one tag, so it is never half-written),
   * then the removals with one `RemoveTagsFromResource`. Both name the cluster's ARN, as
   * `DescribeDBClusters` returned it.
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AddTagsToResource.html
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RemoveTagsFromResource.html
   */
  async writeSurgeTags(change: SurgeTagChange): Promise<void> {
    const resourceName = this.clusterArn;
    if (!resourceName)
      throw new ClusterPortError(
        'rejected',
        `cannot tag cluster ${this.clusterIdentifier}: DescribeDBClusters returned no DBClusterArn. Fix: check the function's rds:DescribeDBClusters permission.`,
      );
    if (change.set) {
      const record = change.set;
      await call('AddTagsToResource', () =>
        this.clients.rds.send(
          new AddTagsToResourceCommand({
            ResourceName: resourceName,
            Tags: [{ Key: SURGE_TAG_KEYS.surge, Value: encodeSurgeRecord(record) }],
          }),
        ),
      );
    }
    const keys = [...(change.clearSurge ? [SURGE_TAG_KEYS.surge] : []), ...(change.clearOverride ? OVERRIDE_TAG_KEYS : [])];
    if (keys.length > 0)
      await call('RemoveTagsFromResource', () =>
        this.clients.rds.send(new RemoveTagsFromResourceCommand({ ResourceName: resourceName, TagKeys: keys })),
      );
  }

  async readMetrics(observation: Observation, request: MetricRequest): Promise<Observation> {
    const queries = metricQueries(this.clusterIdentifier, request, this.proxyName);
    if (queries.length === 0) return observation;
    const results: MetricDataResult[] = [];
    const now = this.now();
    let nextToken: string | undefined;
    do {
      const page = await call('GetMetricData', () =>
        this.clients.cloudWatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            ...metricWindow(now, request),
            ScanBy: 'TimestampDescending',
            NextToken: nextToken,
          }),
        ),
      );
      results.push(...(page.MetricDataResults ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return withMetricResults(observation, request, results, now);
  }

  async execute(action: MutatingAction): Promise<void> {
    switch (action.kind) {
      case 'modify-instance':
        await call('ModifyDBInstance', () =>
          this.clients.rds.send(
            new ModifyDBInstanceCommand({
              DBInstanceIdentifier: action.instanceId,
              DBInstanceClass: action.toClass,
              ApplyImmediately: true,
            }),
          ),
        );
        return;
      case 'failover':
        await call('FailoverDBCluster', () =>
          this.clients.rds.send(
            new FailoverDBClusterCommand({
              DBClusterIdentifier: this.clusterIdentifier,
              TargetDBInstanceIdentifier: action.targetInstanceId,
            }),
          ),
        );
        return;
      case 'set-serverless-range':
        await call('ModifyDBCluster', () =>
          this.clients.rds.send(
            new ModifyDBClusterCommand({
              DBClusterIdentifier: this.clusterIdentifier,
              ServerlessV2ScalingConfiguration: { MinCapacity: action.minCapacity, MaxCapacity: action.maxCapacity },
              ApplyImmediately: true,
            }),
          ),
        );
        return;
      case 'set-reader-floor':
        // MaxCapacity is left out: RegisterScalableTarget changes only the parameters it is given.
        await call('RegisterScalableTarget', () =>
          this.clients.autoScaling.send(
            new RegisterScalableTargetCommand({
              ServiceNamespace: 'rds',
              ResourceId: readerTargetResourceId(this.clusterIdentifier),
              ScalableDimension: READ_REPLICA_COUNT,
              MinCapacity: action.minCapacity,
            }),
          ),
        );
        return;
    }
  }

  private async describeCluster() {
    const out = await call('DescribeDBClusters', () =>
      this.clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: this.clusterIdentifier })),
    );
    return out.DBClusters?.[0];
  }

  private async describeInstances(): Promise<DBInstance[]> {
    const instances: DBInstance[] = [];
    let marker: string | undefined;
    do {
      const page = await call('DescribeDBInstances', () =>
        this.clients.rds.send(
          new DescribeDBInstancesCommand({
            Filters: [{ Name: 'db-cluster-id', Values: [this.clusterIdentifier] }],
            MaxRecords: INSTANCES_PAGE_SIZE,
            Marker: marker,
          }),
        ),
      );
      instances.push(...(page.DBInstances ?? []));
      marker = page.Marker;
    } while (marker);
    return instances;
  }

  private async describeReaderTargets(): Promise<ScalableTarget[]> {
    const targets: ScalableTarget[] = [];
    let nextToken: string | undefined;
    do {
      const page = await call('DescribeScalableTargets', () =>
        this.clients.autoScaling.send(
          new DescribeScalableTargetsCommand({
            ServiceNamespace: 'rds',
            ResourceIds: [readerTargetResourceId(this.clusterIdentifier)],
            ScalableDimension: READ_REPLICA_COUNT,
            NextToken: nextToken,
          }),
        ),
      );
      targets.push(...(page.ScalableTargets ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return targets;
  }
}

async function call<T>(name: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw toClusterPortError(name, err);
  }
}
