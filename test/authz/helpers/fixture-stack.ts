import { Template } from 'aws-cdk-lib/assertions';
import { type EnvironmentInput, validateEnvironment } from '../../../config';
import type { CampaignInput } from '../../../lambda/pre-scaler/core';
import { AuroraSurgeStack, stackNameFor } from '../../../lib/aurora-surge-stack';
import { testApp } from '../../helpers/synth';
import { StackPolicies } from './stack-policies';
import { type CfnTemplate, TemplateResolver } from './template-resolver';

/** The account and Region of the fixture environment (literal, not a committed environment's). */
export const ACCOUNT = '123456789012';
export const REGION = 'eu-central-1';
export const CLUSTER_ID = 'aurora-surge-authz';

/**
 * A provisioned environment with two fixed readers (a tier-0 standby and a tier-2 reporting reader),
 * alarm actions on, written out here so the authorization tests depend on no committed value.
 */
export const AUTHZ_ENVIRONMENT = {
  name: 'authz',
  production: true,
  account: ACCOUNT,
  region: REGION,
  tags: { environment: 'authz', costCentre: 'tests', owner: 'tests@example.com' },
  network: { kind: 'create', cidr: '10.60.0.0/16', availabilityZones: ['eu-central-1a', 'eu-central-1b'] },
  database: {
    engine: 'aurora-postgresql',
    engineVersion: '16.6',
    databaseName: 'shop',
    writer: { kind: 'provisioned', instanceClass: 'db.r6g.large' },
    fixedReaders: [
      { name: 'standby', promotionTier: 0 },
      { name: 'reporting', promotionTier: 2 },
    ],
    backup: { retentionDays: 7, preferredWindow: '02:00-03:00' },
    preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
    logRetentionDays: 365,
    performanceInsightsRetentionDays: 7,
    enhancedMonitoringIntervalSeconds: 30,
    slowQueryThresholdMs: 250,
    secretRotationDays: 30,
    removalPolicy: 'snapshot',
    deletionProtection: true,
  },
  proxy: {
    maxConnectionsPercent: 90,
    maxIdleConnectionsPercent: 50,
    connectionBorrowTimeoutSeconds: 30,
    expectedPeakClientConnections: 800,
    assumedMultiplexingRatio: 2,
  },
  readerAutoScaling: {
    minReplicas: 2,
    maxReplicas: 5,
    targetCpuPercent: 60,
    targetConnectionsPerReader: 500,
    scaleOutCooldownSeconds: 120,
    scaleInCooldownSeconds: 1200,
    disableScaleIn: false,
  },
  preScaler: {
    scheduleRateMinutes: 5,
    leadTimeMinutes: 90,
    coolDownMinutes: 60,
    scaleDownCpuGuardPercent: 45,
    dryRun: false,
  },
  monitoring: {
    alarmActionsEnabled: true,
    notifications: { critical: { emails: ['oncall@example.com'] }, warning: { emails: ['team@example.com'] } },
  },
} satisfies EnvironmentInput;

/** One campaign for the fixture environment (the authorization paths do not depend on it). */
export const AUTHZ_CAMPAIGNS: readonly CampaignInput[] = [
  {
    id: 'authz-campaign',
    environments: ['authz'],
    start: '2030-03-01T08:00:00+01:00',
    end: '2030-03-01T20:00:00+01:00',
    writer: { instanceClass: 'db.r6g.2xlarge' },
    readerFloor: 3,
  },
];

export interface FixtureStack {
  readonly stack: AuroraSurgeStack;
  readonly template: CfnTemplate;
  readonly resolver: TemplateResolver;
  readonly policies: StackPolicies;
  /** The logical id of a construct's CloudFormation resource. */
  logicalId(construct: { node: { defaultChild?: unknown } }): string;
}

/** Synthesizes the fixture environment, resolved for {@link ACCOUNT} in {@link REGION}. */
export function synthFixtureStack(input: EnvironmentInput = AUTHZ_ENVIRONMENT): FixtureStack {
  const config = validateEnvironment(input);
  const stack = new AuroraSurgeStack(testApp(), stackNameFor(config.name), {
    config,
    calendar: { campaigns: [], inputs: AUTHZ_CAMPAIGNS, warnings: [] },
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const resolver = new TemplateResolver(template, { account: config.account, region: config.region, stackName: stack.stackName });
  return {
    stack,
    template,
    resolver,
    policies: new StackPolicies(resolver),
    logicalId: (construct) => stack.getLogicalId(construct.node.defaultChild as never),
  };
}
