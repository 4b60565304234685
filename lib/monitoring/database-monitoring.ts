import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { type MonitoringConfig, runbookLinkOf } from '../../config/schema/monitoring';
import type { Campaign } from '../../lambda/pre-scaler/core';
import type { Engine, PoolSettings, WriterCapacity } from '../connection-budget';
import type { AlarmTopics } from './alarm-topics';
import { resolveThresholds, writerFigures, type ResolvedThresholds, type WriterFigures } from './alarm-thresholds';
import { createAlarms, createDatabaseAtRiskAlarm, type AlarmDefinition, type AlarmDefinitionInputs, type DatabaseAlarms } from './alarms';
import { createDatabaseDashboard, type DatabaseDashboard } from './dashboard';
import { DatabaseMetrics } from './metrics';
import { PRE_SCALER_METRICS } from './pre-scaler-metrics';
import { RunningWriter } from './running-writer';
import { preScalerWidgets, type PreScalerSegmentProps } from './segments/pre-scaler-segment';
import { proxySegment } from './segments/proxy-segment';
import { readersSegment } from './segments/readers-segment';
import type { MonitoringSegment } from './segments/segment';
import { surgeSegment } from './segments/surge-segment';
import { writerSegment } from './segments/writer-segment';

export interface DatabaseMonitoringProps {
  readonly environmentName: string;
  /** `DBClusterIdentifier` of the cluster: writer and reader metrics use its role dimensions. */
  readonly clusterIdentifier: string;
  /** `ProxyName` of the RDS Proxy (the proxy's `dbProxyName`). */
  readonly proxyName: string;
  readonly engine: Engine;
  /**
   * The writer as config states it (the baseline). Connection and memory alarms are percentages of the
   * writer **actually running** (see {@link RunningWriter}); the baseline's figures are their fallback
   * and what the dashboard header quotes.
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
   * The environment's campaigns; those in the dashboard's window are drawn as bands.
   * @default [] - no bands
   */
  readonly campaigns?: readonly Campaign[];
  /**
   * The instant the dashboard's campaign window is drawn around (the last 7 days, the next 90): the
   * synth time, read once in bin/app.ts and passed down, pinned in tests. Nothing else in the template
   * depends on it (docs/monitoring.md, "The dashboard and the synth date").
   */
  readonly now: Date;
  /** `preScaler.leadTimeMinutes`: the scale-up band drawn before each campaign. */
  readonly leadTimeMinutes: number;
}

/** The segments of the database monitoring, in dashboard order (the pre-scaler's is added by {@link DatabaseMonitoring.addPreScaler}). */
export const DATABASE_SEGMENTS: readonly MonitoringSegment[] = [writerSegment, readersSegment, proxySegment, surgeSegment];

/**
 * Alarms by severity and one dashboard for an environment's database, in segments as
 * cdk-monitoring-constructs splits them (lib/monitoring/segments): the writer, the readers, the RDS
 * Proxy and the pre-scaler each own their metrics (read from {@link DatabaseMetrics}), their alarm
 * definitions and their dashboard rows. One alarm model serves them all: {@link createAlarms} (typed
 * thresholds by severity, named by `alarmName`, wired to the severity's topic). See docs/monitoring.md.
 */
export class DatabaseMonitoring extends Construct {
  readonly metrics: DatabaseMetrics;
  /** The baseline writer's figures (the fallback of the running writer's). */
  readonly writerFigures: WriterFigures;
  readonly thresholds: ResolvedThresholds;
  /** The running writer's figures as metric math: what percent-of-capacity alarms divide by. */
  readonly runningWriter: RunningWriter;
  readonly definitions: readonly AlarmDefinition[];
  /** Both severities of every metric alarm, by key. */
  readonly alarms: DatabaseAlarms;
  /** "Database at risk": writer CPU critical and proxy borrow latency high together. Pages. */
  readonly databaseAtRisk: cloudwatch.CompositeAlarm;
  readonly dashboard: cloudwatch.Dashboard;
  private readonly inputs: AlarmDefinitionInputs;
  private readonly drawn: DatabaseDashboard;

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
    this.runningWriter = new RunningWriter({
      engine: props.engine,
      baseline: props.writer,
      pool: props.pool,
      writerMemoryGiB: this.metrics.preScalerLatest(PRE_SCALER_METRICS.ActualWriterCapacity, 'Running writer memory (GiB)'),
    });
    this.inputs = {
      metrics: this.metrics,
      configured: props.monitoring.thresholds,
      resolved: this.thresholds,
      writer: this.writerFigures,
      runningWriter: this.runningWriter,
      serverlessWriter,
      readerMaxReplicas: props.readerMaxReplicas,
      preScalerRateMinutes: props.preScalerRateMinutes,
    };
    this.definitions = DATABASE_SEGMENTS.flatMap((segment) => segment.alarmDefinitions(this.inputs));

    const alarmOptions = { environmentName: props.environmentName, runbookUrl: runbookLinkOf(props.monitoring), topics: props.topics };
    const alarmScope = new Construct(this, 'Alarms');
    this.alarms = createAlarms(alarmScope, this.definitions, alarmOptions);
    this.databaseAtRisk = createDatabaseAtRiskAlarm(alarmScope, this.alarms, alarmOptions);

    this.drawn = createDatabaseDashboard(this, 'Dashboard', {
      environmentName: props.environmentName,
      inputs: this.inputs,
      segments: DATABASE_SEGMENTS,
      alarms: this.alarms,
      definitions: this.definitions,
      compositeAlarm: this.databaseAtRisk,
      campaigns: props.campaigns ?? [],
      bandWindow: { now: props.now, leadTimeMinutes: props.leadTimeMinutes },
      runbookUrl: runbookLinkOf(props.monitoring),
    });
    this.dashboard = this.drawn.dashboard;
  }

  /**
   * Adds the pre-scaler's segment to the dashboard: wanted vs actual capacity, its steps and readiness,
   * a Logs Insights table of its latest decisions and reasons, and its alarms' states, so the on-call
   * sees every alarm of the environment in one place.
   */
  addPreScaler(props: PreScalerSegmentProps): void {
    this.dashboard.addWidgets(...preScalerWidgets(this.inputs, this.drawn.kit, props).map((row) => new cloudwatch.Row(...row)));
  }

  /**
   * Adds a row with the state of other alarms (the secret rotation's, for one), so the on-call sees
   * every alarm of the environment in one place.
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
