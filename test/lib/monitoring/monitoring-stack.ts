import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig } from '../../../config';
import type { Campaign } from '../../../lambda/pre-scaler/core';
import { AlarmTopics } from '../../../lib/monitoring/alarm-topics';
import { DatabaseMonitoring } from '../../../lib/monitoring/database-monitoring';

export interface MonitoringStackOptions {
  /** @default [] */
  readonly campaigns?: readonly Campaign[];
  /** @default 2027-01-01T00:00:00Z */
  readonly now?: Date;
  /** Adds the pre-scaler segment with this log group name. @default - not added */
  readonly preScalerLogGroupName?: string;
}

/**
 * The alarm topics and the monitoring of an environment, alone in a stack: no Lambda bundling, no
 * cluster, so a case costs milliseconds. The full stack is covered by the snapshot and the alarm tests.
 */
export function monitoringOnly(
  config: EnvironmentConfig,
  options: MonitoringStackOptions = {},
): { template: Template; monitoring: DatabaseMonitoring } {
  const stack = new Stack(new App(), 'MonitoringOnly', { env: { account: config.account, region: config.region } });
  const topics = new AlarmTopics(stack, 'AlarmTopics', {
    environmentName: config.name,
    actionsEnabled: config.monitoring.alarmActionsEnabled,
    subscriptions: config.monitoring.notifications,
  });
  const w = config.database.writer;
  const monitoring = new DatabaseMonitoring(stack, 'Monitoring', {
    environmentName: config.name,
    clusterIdentifier: `aurora-surge-${config.name}`,
    proxyName: `aurora-surge-${config.name}`,
    engine: config.database.engine,
    writer:
      w.kind === 'provisioned'
        ? { kind: 'provisioned', instanceClass: w.instanceClass }
        : { kind: 'serverless-v2', minCapacity: w.minCapacity, maxCapacity: w.maxCapacity },
    pool: config.proxy,
    readerMaxReplicas: config.readerAutoScaling.maxReplicas,
    preScalerRateMinutes: config.preScaler.scheduleRateMinutes,
    monitoring: config.monitoring,
    topics,
    campaigns: options.campaigns ?? [],
    now: options.now ?? new Date('2027-01-01T00:00:00Z'),
    leadTimeMinutes: config.preScaler.leadTimeMinutes,
  });
  if (options.preScalerLogGroupName) monitoring.addPreScaler({ logGroupName: options.preScalerLogGroupName, alarms: [] });
  return { template: Template.fromStack(stack), monitoring };
}

/** The monitoring-only template (see {@link monitoringOnly}). */
export function monitoringOnlyTemplate(config: EnvironmentConfig, options: MonitoringStackOptions = {}): Template {
  return monitoringOnly(config, options).template;
}
