import { createPreScalerClients } from '../../../lambda/pre-scaler/adapters/aws-clients';
import { AwsClusterPort } from '../../../lambda/pre-scaler/adapters/aws-cluster-port';
import {
  encodeCalendarFile,
  encodePreScalerEnvironment,
  loadPreScalerRuntimeConfig,
  type PreScalerRuntimeConfig,
} from '../../../lambda/pre-scaler/contract';
import type { CalendarRules, CampaignInput, PlannerSettings } from '../../../lambda/pre-scaler/core';
import { createPreScalerHandler, type PreScalerResult } from '../../../lambda/pre-scaler/pre-scaler-handler';
import type { RunLogger } from '../../../lambda/pre-scaler/run-log';
import type { MetricsSink } from '../../../lambda/pre-scaler/run-metrics';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Clients that never reach AWS: region and credentials are set so the SDK needs nothing from the machine. */
/** The cluster the handler tests reconcile. */
export const TEST_CLUSTER = 'aurora-surge-prod';

/** One provisioned campaign in prod, shared by the handler tests. */
export const BLACK_FRIDAY_INPUT: CampaignInput = {
  id: 'black-friday',
  environments: ['prod'],
  start: '2027-11-26T00:00Z',
  end: '2027-11-27T00:00Z',
  writer: { instanceClass: 'db.r6g.4xlarge' },
  readerFloor: 4,
};

export function offlineClients() {
  return createPreScalerClients({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
}

export interface RuntimeConfigOptions {
  readonly settings: PlannerSettings;
  readonly campaigns: readonly CampaignInput[];
  readonly clusterIdentifier: string;
  /** @default false */
  readonly dryRun?: boolean;
  /** @default 30 */
  readonly notReadyAlarmMinutes?: number;
  /** @default FIXTURE_RULES */
  readonly rules?: CalendarRules;
}

/** Literal calendar rules for the fixture environments (not the committed ones). */
export const FIXTURE_RULES: CalendarRules = {
  knownEnvironments: ['dev', 'staging', 'prod'],
  readerMaxReplicas: 15,
  scheduleRateMinutes: 5,
};

/** The variables and the calendar file the construct would write for these options. */
export function deployedConfiguration(options: RuntimeConfigOptions): { variables: Record<string, string>; calendarFile: string } {
  return {
    variables: encodePreScalerEnvironment({
      clusterIdentifier: options.clusterIdentifier,
      dryRun: options.dryRun ?? false,
      notReadyAlarmMinutes: options.notReadyAlarmMinutes ?? 30,
    }),
    calendarFile: encodeCalendarFile({
      settings: options.settings,
      rules: options.rules ?? FIXTURE_RULES,
      campaigns: options.campaigns.filter((c) => c.environments.includes(options.settings.environment)),
    }),
  };
}

/** The configuration the function would read, through the real encoders and the function's loader. */
export function runtimeConfig(options: RuntimeConfigOptions): PreScalerRuntimeConfig {
  const { variables, calendarFile } = deployedConfiguration(options);
  return loadPreScalerRuntimeConfig(variables, calendarFile);
}

/** Records what the handler publishes, one map of metric → value per `publishStoredMetrics`. */
export class RecordingMetrics implements MetricsSink {
  readonly published: Array<Record<string, number>> = [];
  private pending: Record<string, number> = {};
  addMetric(name: string, _unit: 'Count' | 'None', value: number): void {
    this.pending[name] = value;
  }
  publishStoredMetrics(): void {
    this.published.push(this.pending);
    this.pending = {};
  }
  get last(): Record<string, number> {
    return this.published[this.published.length - 1]!;
  }
}

export class RecordingLogger implements RunLogger {
  readonly lines: Array<{ level: 'info' | 'error'; message: string; fields: Record<string, unknown> }> = [];
  info(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: 'info', message, fields: Object.assign({}, ...extra) });
  }
  error(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: 'error', message, fields: Object.assign({}, ...extra) });
  }
}

/** The event an EventBridge schedule sends at `tick`. @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html */
export function scheduledEventAt(tick: Date): Record<string, unknown> {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '333333333333',
    time: tick.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'eu-west-1',
    resources: ['arn:aws:events:eu-west-1:333333333333:rule/aurora-surge-prod-pre-scaler'],
    detail: {},
  };
}

export interface HandlerUnderTest {
  /** Invokes the handler. @default - the scheduled event of the clock's current minute tick, as EventBridge sends it */
  readonly invoke: (event?: unknown) => Promise<PreScalerResult>;
  readonly metrics: RecordingMetrics;
  readonly logger: RecordingLogger;
}

/** The real handler over the real AWS adapter (whose SDK clients a test mocks), with a clock of the test's choosing. */
export function handlerFor(config: PreScalerRuntimeConfig, clock: () => Date): HandlerUnderTest {
  const metrics = new RecordingMetrics();
  const logger = new RecordingLogger();
  const port = new AwsClusterPort(offlineClients(), config.clusterIdentifier, clock);
  const handler = createPreScalerHandler({ configuration: { ok: true, config, port }, logger, metrics, clock });
  const invoke = (event: unknown = scheduledEventAt(clock())) => handler(event);
  return { invoke, metrics, logger };
}
