import { Annotations, Aspects, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema/environment';
import type { LoadedCalendar } from '../config/load-calendar';
import type { Campaign, WriterTarget } from '../lambda/pre-scaler/core';
import type { WriterCapacity } from './connection-budget';
import type { BudgetCheck } from './connection-proxy';
import { ConnectionProxy } from './connection-proxy';
import { DatabaseNetwork } from './database-network';
import { AutoscaledReplicaCleanup } from './autoscaled-replica-cleanup';
import { AlarmTopics } from './monitoring/alarm-topics';
import { DatabaseMonitoring } from './monitoring/database-monitoring';
import { SecretRotationAlarm } from './monitoring/secret-rotation-alarm';
import { OperatorsRole } from './operators-role';
import { PreScaler } from './pre-scaler';
import { LimitKeyGrantsToAwsServices } from './private/limit-key-grants';
import { ReaderAutoScaling } from './reader-auto-scaling';
import { type ISurgeDatabase, surgeDatabase } from './surge-database';

export interface AuroraSurgeStackProps extends StackProps {
  /** The validated environment config (from `loadConfig`). */
  readonly config: EnvironmentConfig;
  /**
   * This environment's campaign calendar, from `loadCalendar`: the validated campaigns (connection
   * budgets, dashboard bands), the same entries as written (the pre-scaler function), and the warnings
   * to show at synth (one annotation each).
   * @default - no campaigns
   */
  readonly calendar?: LoadedCalendar;
  /**
   * The synth instant. Only the dashboard depends on it: it draws the campaigns of the last 7 and next
   * 90 days (docs/monitoring.md, "The dashboard and the synth date"). bin/app.ts reads the clock once;
   * tests pin it.
   */
  readonly now: Date;
}

const EMPTY_CALENDAR: LoadedCalendar = { campaigns: [], inputs: [], warnings: [] };

/** Stable id of the calendar warnings, for acknowledgement. */
export const CALENDAR_WARNING_ID = 'aurora-surge:calendar';

/** Stack name for an environment: `AuroraSurge-<env>`. */
export function stackNameFor(environment: string): string {
  return `AuroraSurge-${environment}`;
}

/**
 * One environment of aurora-surge. It only composes constructs; each construct holds its own logic.
 */
export class AuroraSurgeStack extends Stack {
  readonly network: DatabaseNetwork;
  /** The cluster the stack created, or the existing one it builds around (`database.kind`). */
  readonly database: ISurgeDatabase;
  readonly proxy: ConnectionProxy;
  readonly readerAutoScaling: ReaderAutoScaling;
  /** Deletes auto-scaled replicas before the cluster on stack deletion (docs/teardown.md). */
  readonly replicaCleanup: AutoscaledReplicaCleanup;
  /** One SNS topic per alarm severity; other constructs wire their alarms with `alarmTopics.wire(alarm, severity)`. */
  readonly alarmTopics: AlarmTopics;
  /** Alarms by severity and the environment's dashboard (docs/monitoring.md). */
  readonly monitoring: DatabaseMonitoring;
  /** The campaign pre-scaler: scheduled Lambda, role, log group and alarms (docs/pre-scaler-runbook.md). */
  readonly preScaler: PreScaler;
  /** The on-call's role for `npm run surge`: sets and clears the override on this cluster only (docs/surge-override.md). */
  readonly operatorsRole: OperatorsRole;
  private readonly configuredAvailabilityZones: readonly string[];

  constructor(scope: Construct, id: string, props: AuroraSurgeStackProps) {
    const { config } = props;
    const calendar = props.calendar ?? EMPTY_CALENDAR;
    const campaigns = calendar.campaigns;
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: `aurora-surge ${config.name}: ${config.database.kind === 'existing' ? `around the existing Aurora cluster ${config.database.clusterIdentifier}` : 'Aurora cluster'}, connection proxy, reader autoscaling, monitoring and campaign pre-scaler`,
      terminationProtection: config.production,
    });
    this.configuredAvailabilityZones = config.network.availabilityZones ?? [];

    for (const warning of calendar.warnings) Annotations.of(this).addWarningV2(CALENDAR_WARNING_ID, warning);

    Tags.of(this).add('Environment', config.tags.environment);
    Tags.of(this).add('CostCentre', config.tags.costCentre);
    Tags.of(this).add('Owner', config.tags.owner);
    Tags.of(this).add('Application', 'aurora-surge');

    // Every customer-managed key of the stack limits kms:CreateGrant to AWS services (AWS Control Tower CT.KMS.PR.3).
    Aspects.of(this).add(new LimitKeyGrantsToAwsServices());

    // Around an existing cluster the stack's logs are always kept: the cluster (and what it is asked about) outlives the stack.
    const keepLogs = config.database.kind === 'existing' || config.database.removalPolicy !== 'destroy';
    this.network = new DatabaseNetwork(this, 'Network', {
      network: config.network,
      logRetentionDays: config.database.logRetentionDays,
      keepLogs,
    });
    this.database = surgeDatabase(this, 'Database', {
      database: config.database,
      environmentName: config.name,
      vpc: this.network.vpc,
      subnets: this.network.isolatedSubnets,
      secretsManagerEndpoint: this.network.secretsManagerEndpoint,
    });
    this.proxy = new ConnectionProxy(this, 'ConnectionProxy', {
      environmentName: config.name,
      production: config.production,
      engine: config.database.engine,
      proxy: config.proxy,
      database: this.database,
      vpc: this.network.vpc,
      subnets: this.network.isolatedSubnets,
      budgetChecks: budgetChecks(config, campaigns),
    });
    this.readerAutoScaling = new ReaderAutoScaling(this, 'ReaderAutoScaling', {
      clusterIdentifier: this.database.clusterIdentifier,
      cluster: this.database.cluster,
      config: config.readerAutoScaling,
    });
    this.replicaCleanup = new AutoscaledReplicaCleanup(this, 'ReplicaCleanup', {
      cluster: this.database.cluster,
      clusterIdentifier: this.database.clusterIdentifier,
      logRetentionDays: config.database.logRetentionDays,
      vpcPlacement: this.network.functionVpcPlacement,
    });
    // Deletion order: scaling target (no new replicas) → clean-up (deletes auto-scaled ones) → cluster.
    this.replicaCleanup.protectScalableTarget(this.readerAutoScaling.target);
    this.alarmTopics = new AlarmTopics(this, 'AlarmTopics', {
      environmentName: config.name,
      actionsEnabled: config.monitoring.alarmActionsEnabled,
      subscriptions: config.monitoring.notifications,
      // Fixed topic names: a failed first create must not leave them behind to block the retry.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.monitoring = new DatabaseMonitoring(this, 'Monitoring', {
      environmentName: config.name,
      clusterIdentifier: this.database.clusterIdentifier,
      proxyName: this.proxy.proxy.dbProxyName,
      engine: config.database.engine,
      writer: baselineWriterCapacity(config),
      pool: config.proxy,
      readerMaxReplicas: config.readerAutoScaling.maxReplicas,
      preScalerRateMinutes: config.preScaler.scheduleRateMinutes,
      monitoring: config.monitoring,
      topics: this.alarmTopics,
      campaigns,
      now: props.now,
      leadTimeMinutes: config.preScaler.leadTimeMinutes,
    });
    this.preScaler = new PreScaler(this, 'PreScaler', {
      config,
      campaigns: calendar.inputs,
      clusterIdentifier: this.database.clusterIdentifier,
      proxyName: this.proxy.proxy.dbProxyName,
      instanceIdentifiers: this.database.instanceIdentifiers,
      readerTarget: this.readerAutoScaling.target,
      alarmTopics: this.alarmTopics,
      logRemovalPolicy: keepLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      vpcPlacement: this.network.functionVpcPlacement,
    });
    this.operatorsRole = new OperatorsRole(this, 'OperatorsRole', {
      environmentName: config.name,
      clusterIdentifier: this.database.clusterIdentifier,
    });
    this.monitoring.addPreScaler({
      logGroupName: this.preScaler.logGroup.logGroupName,
      alarms: Object.values(this.preScaler.alarms.alarms),
    });
    // An existing cluster's secret is rotated (or not) by its owner, outside this stack.
    if (this.database.rotationFunction) {
      const rotationAlarm = new SecretRotationAlarm(this, 'SecretRotationAlarm', {
        environmentName: config.name,
        rotationFunction: this.database.rotationFunction,
        topics: this.alarmTopics,
      });
      this.monitoring.showAlarms('Secret rotation', [rotationAlarm.alarm]);
    }
  }

  /**
   * The zones come from config, never from a context look-up, so synth stays offline
   * (a concrete `env` would otherwise make `Vpc` ask the account for its zones).
   */
  override get availabilityZones(): string[] {
    return [...this.configuredAvailabilityZones];
  }
}

/**
 * The writer capacities the proxy pool is checked against: the baseline writer at the environment's
 * peak, then each campaign's writer target at the campaign's peak (or the environment's, when the
 * campaign states none).
 */
function budgetChecks(config: EnvironmentConfig, campaigns: readonly Campaign[]): BudgetCheck[] {
  const baseline = baselineWriterCapacity(config);
  const peak = config.proxy.expectedPeakClientConnections;
  return [
    { scope: 'baseline', capacity: baseline, expectedPeakClientConnections: peak },
    ...campaigns.map(
      (c): BudgetCheck => ({
        scope: `campaign "${c.id}"`,
        capacity: campaignCapacity(c.writer, baseline),
        expectedPeakClientConnections: c.expectedPeak?.clientConnections ?? peak,
      }),
    ),
  ];
}

/** The writer capacity outside campaigns, as config states it. */
function baselineWriterCapacity(config: EnvironmentConfig): WriterCapacity {
  const writer = config.database.writer;
  return writer.kind === 'provisioned'
    ? { kind: 'provisioned', instanceClass: writer.instanceClass }
    : { kind: 'serverless-v2', minCapacity: writer.minCapacity, maxCapacity: writer.maxCapacity };
}

/**
 * The writer capacity a campaign's connection budget is checked against. Provisioned: the campaign's
 * class (a class change restarts the instance, so `max_connections` follows it). Serverless v2: the
 * **baseline** range, whatever the campaign raises. `max_connections` derives from the maximum ACU
 * and changes only when the instance reboots, which the pre-scaler never does, so during a campaign
 * the writer still has the connection limit of the deployed range.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections
 */
export function campaignCapacity(target: WriterTarget, baseline: WriterCapacity): WriterCapacity {
  if (target.kind === 'provisioned') return { kind: 'provisioned', instanceClass: target.instanceClass };
  return baseline; // a kind mismatch is refused by loadCalendar
}
