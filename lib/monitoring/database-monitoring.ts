import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { MonitoringConfig } from '../../config/schema/monitoring';
import type { Campaign } from '../../lambda/pre-scaler/core';
import type { Engine, PoolSettings, WriterCapacity } from '../connection-budget';
import type { AlarmTopics } from './alarm-topics';
import { resolveThresholds, writerFigures, type ResolvedThresholds, type WriterFigures } from './alarm-thresholds';
import { alarmDefinitions, createAlarms, createDatabaseAtRiskAlarm, type AlarmDefinition, type DatabaseAlarms } from './alarms';
import { createDatabaseDashboard } from './dashboard';
import { DatabaseMetrics } from './metrics';

export interface DatabaseMonitoringProps {
  readonly environmentName: string;
  /** `DBClusterIdentifier` of the cluster: writer and reader metrics use its role dimensions. */
  readonly clusterIdentifier: string;
  /** `ProxyName` of the RDS Proxy (the proxy's `dbProxyName`). */
  readonly proxyName: string;
  readonly engine: Engine;
  /**
   * The baseline writer: connection and memory thresholds are percentages of its `max_connections` and
   * memory. (During a campaign the writer is larger, so the same absolute thresholds fire later in
   * relative terms: conservative.)
   */
  readonly writer: WriterCapacity;
  /** The proxy's pool settings (`proxy.maxConnectionsPercent`, `proxy.assumedMultiplexingRatio`). */
  readonly pool: PoolSettings;
  /** `readerAutoScaling.maxReplicas`: the "capacity exhausted" threshold. */
  readonly readerMaxReplicas: number;
  /** Minutes between pre-scaler runs (`preScaler.scheduleRateMinutes`). */
  readonly preScalerRateMinutes: number;
  /** The environment's `monitoring` config: thresholds and the runbook URL. */
  readonly monitoring: MonitoringConfig;
  /** Where alarms notify, by severity. */
  readonly topics: AlarmTopics;
  /**
   * The environment's campaigns, drawn on the dashboard.
   * @default [] - no bands
   */
  readonly campaigns?: readonly Campaign[];
}

/**
 * Alarms by severity and one dashboard for an environment's database: writer, readers, RDS Proxy
 * and the pre-scaler. Composes three layers: {@link DatabaseMetrics} (metric definitions),
 * {@link alarmDefinitions}/{@link createAlarms} (typed thresholds by severity, named by `alarmName`,
 * wired to the severity's topic) and {@link createDatabaseDashboard} (thresholds and campaign bands
 * drawn). See docs/monitoring.md.
 */
export class DatabaseMonitoring extends Construct {
  readonly metrics: DatabaseMetrics;
  /** The writer figures thresholds were computed from. */
  readonly writerFigures: WriterFigures;
  readonly thresholds: ResolvedThresholds;
  readonly definitions: readonly AlarmDefinition[];
  /** Both severities of every metric alarm, by key. */
  readonly alarms: DatabaseAlarms;
  /** "Database at risk": writer CPU critical and proxy borrow latency high together. Pages. */
  readonly databaseAtRisk: cloudwatch.CompositeAlarm;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DatabaseMonitoringProps) {
    super(scope, id);
    const serverlessWriter = props.writer.kind === 'serverless-v2';
    this.metrics = new DatabaseMetrics({
      clusterIdentifier: props.clusterIdentifier,
      proxyName: props.proxyName,
      environmentName: props.environmentName,
      preScalerRate: Duration.minutes(props.preScalerRateMinutes),
    });
    this.writerFigures = writerFigures(props.engine, props.writer, props.pool);
    this.thresholds = resolveThresholds(props.monitoring.thresholds, this.writerFigures);
    this.definitions = alarmDefinitions({
      metrics: this.metrics,
      configured: props.monitoring.thresholds,
      resolved: this.thresholds,
      writer: this.writerFigures,
      serverlessWriter,
      readerMaxReplicas: props.readerMaxReplicas,
      preScalerRateMinutes: props.preScalerRateMinutes,
    });

    const alarmOptions = { environmentName: props.environmentName, runbookUrl: props.monitoring.runbookUrl, topics: props.topics };
    const alarmScope = new Construct(this, 'Alarms');
    this.alarms = createAlarms(alarmScope, this.definitions, alarmOptions);
    this.databaseAtRisk = createDatabaseAtRiskAlarm(alarmScope, this.alarms, alarmOptions);

    this.dashboard = createDatabaseDashboard(this, 'Dashboard', {
      environmentName: props.environmentName,
      metrics: this.metrics,
      alarms: this.alarms,
      definitions: this.definitions,
      compositeAlarm: this.databaseAtRisk,
      writer: this.writerFigures,
      serverlessWriter,
      readerMaxReplicas: props.readerMaxReplicas,
      campaigns: props.campaigns ?? [],
      runbookUrl: props.monitoring.runbookUrl,
    });
  }

  /**
   * Adds a row to the dashboard with the state of other alarms (the pre-scaler's, for one), so the
   * on-call sees every alarm of the environment in one place.
   */
  showAlarms(title: string, alarms: readonly cloudwatch.IAlarm[]): void {
    if (alarms.length === 0) return;
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title,
        alarms: [...alarms],
        width: 24,
        height: Math.min(12, 2 + Math.ceil(alarms.length / 4)),
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      }),
    );
  }
}
