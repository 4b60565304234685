import {
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { GetMetricDataCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  FailoverDBClusterCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  type DBInstance,
} from '@aws-sdk/client-rds';
import type { ClusterPort, MetricRequest, MutatingAction, Observation } from '../core';
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
  ) {}

  async observeCapacity(): Promise<Observation> {
    const [cluster, instances, targets] = await Promise.all([
      this.describeCluster(),
      this.describeInstances(),
      this.describeReaderTargets(),
    ]);
    return toObservation(this.clusterIdentifier, cluster, instances, targets);
  }

  async readMetrics(observation: Observation, request: MetricRequest): Promise<Observation> {
    const queries = metricQueries(this.clusterIdentifier, request);
    if (queries.length === 0) return observation;
    const results: MetricDataResult[] = [];
    let nextToken: string | undefined;
    do {
      const page = await call('GetMetricData', () =>
        this.clients.cloudWatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            ...metricWindow(this.now(), request),
            ScanBy: 'TimestampDescending',
            NextToken: nextToken,
          }),
        ),
      );
      results.push(...(page.MetricDataResults ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return withMetricResults(observation, request, results);
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
