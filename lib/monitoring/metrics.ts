import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { PRE_SCALER_DIMENSION, PRE_SCALER_METRICS, PRE_SCALER_NAMESPACE, type PreScalerMetricName } from './pre-scaler-metrics';

/** What the metrics are about. */
export interface DatabaseMetricsProps {
  /** `DBClusterIdentifier` of the Aurora cluster. */
  readonly clusterIdentifier: string;
  /** `ProxyName` of the RDS Proxy (a token is fine). */
  readonly proxyName: string;
  /** Value of the pre-scaler's `Environment` dimension. */
  readonly environmentName: string;
  /** How often the pre-scaler publishes (one datapoint per run). */
  readonly preScalerRate: Duration;
}

const RDS = 'AWS/RDS';
/** RDS publishes Aurora and RDS Proxy metrics every minute. */
const ONE_MINUTE = Duration.minutes(1);

/**
 * Metric definitions only: no thresholds, no alarms. Method names carry the statistic and the unit,
 * so a caller never has to guess what a number means.
 *
 * Writer and reader metrics use the cluster's role dimensions (`DBClusterIdentifier` + `Role`), never
 * an instance identifier: the writer moves on every failover the pre-scaler makes, and AWS recommends
 * role metrics for Aurora alarms for that reason.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/creating_alarms.html
 *
 * RDS Proxy metrics use the `ProxyName` dimension (all endpoints, all proxy nodes). RDS publishes them
 * per proxy node, so counts are summed and latencies averaged across nodes.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy.monitoring.html
 */
export class DatabaseMetrics {
  constructor(private readonly props: DatabaseMetricsProps) {}

  // --- writer (Role=WRITER) ---

  writerCpuUtilizationAveragePercent(): cloudwatch.Metric {
    return this.writer('CPUUtilization', cloudwatch.Stats.AVERAGE, 'Writer CPU %');
  }

  /** Lowest freeable memory in the minute: the number that matters before the OOM killer does. */
  writerFreeableMemoryMinimumBytes(): cloudwatch.Metric {
    return this.writer('FreeableMemory', cloudwatch.Stats.MINIMUM, 'Writer freeable memory (bytes)');
  }

  /** Highest connection count in the minute: refusals start at the peak, not the average. */
  writerDatabaseConnectionsMaximum(): cloudwatch.Metric {
    return this.writer('DatabaseConnections', cloudwatch.Stats.MAXIMUM, 'Writer connections');
  }

  writerCommitLatencyAverageMs(): cloudwatch.Metric {
    return this.writer('CommitLatency', cloudwatch.Stats.AVERAGE, 'Writer commit latency (ms)');
  }

  /** `Deadlocks` is already a rate; the average over the period is deadlocks per second. */
  writerDeadlocksAveragePerSecond(): cloudwatch.Metric {
    return this.writer('Deadlocks', cloudwatch.Stats.AVERAGE, 'Writer deadlocks / s');
  }

  /** Serverless v2 only: capacity as a percent of the cluster's maximum ACU. */
  writerAcuUtilizationAveragePercent(): cloudwatch.Metric {
    return this.writer('ACUUtilization', cloudwatch.Stats.AVERAGE, 'Writer ACU utilisation %');
  }

  /** Serverless v2 only: the writer's current capacity in ACU. */
  writerServerlessCapacityAverageAcu(): cloudwatch.Metric {
    return this.writer('ServerlessDatabaseCapacity', cloudwatch.Stats.AVERAGE, 'Writer capacity (ACU)');
  }

  /** Commits per second on the writer: the throughput the campaign's `expectedPeak.transactionsPerSecond` is compared with. */
  writerCommitThroughputAveragePerSecond(): cloudwatch.Metric {
    return this.writer('CommitThroughput', cloudwatch.Stats.AVERAGE, 'Writer commits / s');
  }

  /**
   * Performance Insights database load on the writer, in average active sessions: all of it, the part
   * waiting on CPU, and the rest (I/O, locks). A load above the vCPU count means sessions queue for CPU.
   * Published only while the instance has load.
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_PerfInsights.Cloudwatch.html
   */
  writerDbLoadAverageSessions(part: 'DBLoad' | 'DBLoadCPU' | 'DBLoadNonCPU'): cloudwatch.Metric {
    const label = { DBLoad: 'DB load (sessions)', DBLoadCPU: 'DB load on CPU', DBLoadNonCPU: 'DB load not on CPU (waits)' }[part];
    return this.writer(part, cloudwatch.Stats.AVERAGE, label);
  }

  /** Freeable memory in GiB (metric math over the bytes the metric reports), for graphs people read. */
  writerFreeableMemoryMinimumGiB(): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'bytes / 1073741824',
      usingMetrics: { bytes: this.writerFreeableMemoryMinimumBytes() },
      label: 'Writer freeable memory (GiB, lowest in the minute)',
      period: ONE_MINUTE,
    });
  }

  // --- readers (Role=READER, aggregated over every reader, auto-scaled ones included) ---

  readerCpuUtilizationAveragePercent(): cloudwatch.Metric {
    return this.reader('CPUUtilization', cloudwatch.Stats.AVERAGE, 'Readers average CPU %');
  }

  /** The hottest reader's CPU: the role metric's maximum over every reader's datapoints of the minute. */
  readerCpuUtilizationMaximumPercent(): cloudwatch.Metric {
    return this.reader('CPUUtilization', cloudwatch.Stats.MAXIMUM, 'Hottest reader CPU %');
  }

  /** The worst reader's lag, so one lagging replica is not hidden by healthy ones. */
  readerReplicaLagMaximumMs(): cloudwatch.Metric {
    return this.reader('AuroraReplicaLag', cloudwatch.Stats.MAXIMUM, 'Worst replica lag (ms)');
  }

  readerDatabaseConnectionsAverage(): cloudwatch.Metric {
    return this.reader('DatabaseConnections', cloudwatch.Stats.AVERAGE, 'Connections per reader');
  }

  // --- RDS Proxy (ProxyName) ---

  proxyClientConnectionsSum(): cloudwatch.Metric {
    return this.proxy('ClientConnections', cloudwatch.Stats.SUM, 'Client connections');
  }

  proxyDatabaseConnectionsSum(): cloudwatch.Metric {
    return this.proxy('DatabaseConnections', cloudwatch.Stats.SUM, 'Backend connections');
  }

  proxyMaxDatabaseConnectionsAllowedSum(): cloudwatch.Metric {
    return this.proxy('MaxDatabaseConnectionsAllowed', cloudwatch.Stats.SUM, 'Backend connections allowed');
  }

  /** Microseconds a client waited for a pooled backend connection. */
  proxyBorrowLatencyAverageMicros(): cloudwatch.Metric {
    return this.proxy('DatabaseConnectionsBorrowLatency', cloudwatch.Stats.AVERAGE, 'Borrow latency (µs)');
  }

  proxySessionPinnedConnectionsSum(): cloudwatch.Metric {
    return this.proxy('DatabaseConnectionsCurrentlySessionPinned', cloudwatch.Stats.SUM, 'Session-pinned connections');
  }

  // --- the connection storm (ProxyName): new connections per minute, at the proxy and behind it ---

  /** Client connection requests the proxy received in the minute (all endpoints, all proxy nodes). */
  proxyClientConnectionsReceivedSum(): cloudwatch.Metric {
    return this.proxy('ClientConnectionsReceived', cloudwatch.Stats.SUM, 'Client connections received / min');
  }

  /** Requests the proxy made to open a database connection in the minute: the storm as the writer sees it. */
  proxyDatabaseConnectionRequestsSum(): cloudwatch.Metric {
    return this.proxy('DatabaseConnectionRequests', cloudwatch.Stats.SUM, 'Database connection requests / min');
  }

  /** Client connection attempts that failed authentication in the minute (a rotated secret, a wrong user). */
  proxyClientConnectionsSetupFailedAuthSum(): cloudwatch.Metric {
    return this.proxy('ClientConnectionsSetupFailedAuth', cloudwatch.Stats.SUM, 'Client connections failed auth / min');
  }

  /**
   * Percent of the minute the proxy's read/write target group was available in its role, averaged over
   * the proxy nodes. AWS publishes it per target group and role, so it carries those dimensions
   * (`TargetGroup` is `default`, the only target group a CDK `DatabaseProxy` has).
   */
  proxyWriterAvailabilityAveragePercent(): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: RDS,
      metricName: 'AvailabilityPercentage',
      dimensionsMap: { ProxyName: this.props.proxyName, TargetGroup: 'default', TargetRole: 'READ_WRITE' },
      statistic: cloudwatch.Stats.AVERAGE,
      period: ONE_MINUTE,
      label: 'Writer availability through the proxy %',
    });
  }

  /** Microseconds from a query's arrival at the proxy to its response. */
  proxyQueryResponseLatencyAverageMicros(): cloudwatch.Metric {
    return this.proxy('QueryResponseLatency', cloudwatch.Stats.AVERAGE, 'Query response latency (µs)');
  }

  // --- pre-scaler (AuroraSurge/PreScaler, Environment=<env>, one datapoint per run) ---

  /** The highest value of the period (one datapoint per run, so the latest run's at the pre-scaler's rate). */
  preScalerLatest(name: PreScalerMetricName, label: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: PRE_SCALER_NAMESPACE,
      metricName: name,
      dimensionsMap: { [PRE_SCALER_DIMENSION]: this.props.environmentName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: this.props.preScalerRate,
      label,
    });
  }

  /** The fewest readers seen in each pre-scaler period: at the maximum the whole period, or not. */
  preScalerReaderCountMinimum(): cloudwatch.Metric {
    return this.preScalerLatest(PRE_SCALER_METRICS.ReaderCount, 'Readers (observed)').with({ statistic: cloudwatch.Stats.MINIMUM });
  }

  /** Runs in each period that reported 1 (the 0/1 flags: actions taken, planned, rejected). */
  preScalerSum(name: PreScalerMetricName, label: string): cloudwatch.Metric {
    return this.preScalerLatest(name, label).with({ statistic: cloudwatch.Stats.SUM });
  }

  private writer(metricName: string, statistic: string, label: string): cloudwatch.Metric {
    return this.clusterRole('WRITER', metricName, statistic, label);
  }

  private reader(metricName: string, statistic: string, label: string): cloudwatch.Metric {
    return this.clusterRole('READER', metricName, statistic, label);
  }

  private clusterRole(role: 'WRITER' | 'READER', metricName: string, statistic: string, label: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: RDS,
      metricName,
      dimensionsMap: { DBClusterIdentifier: this.props.clusterIdentifier, Role: role },
      statistic,
      period: ONE_MINUTE,
      label,
    });
  }

  private proxy(metricName: string, statistic: string, label: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: RDS,
      metricName,
      dimensionsMap: { ProxyName: this.props.proxyName },
      statistic,
      period: ONE_MINUTE,
      label,
    });
  }
}
