import type { Template } from 'aws-cdk-lib/assertions';
import { validateEnvironment } from '../../../config';
import { dev } from '../../../config/environments/dev';
import { prod } from '../../../config/environments/prod';
import { committedEnvironmentTemplate } from '../../helpers/committed-environment-templates';
import { monitoringOnlyTemplate } from './monitoring-stack';
import { alarmsByName, breaches, evaluateAlarmAt, logicalIdOf, metricStatOf, metricStatsOf, type AlarmProps } from './template-reading';

/** What every alarm of the stack must look like, whatever the environment (thresholds are per environment, below). */
interface AlarmShape {
  readonly component: string;
  readonly metric: string;
  readonly namespace: 'AWS/RDS' | 'AuroraSurge/PreScaler';
  readonly metricName: string;
  readonly dimensions: 'writer' | 'reader' | 'proxy' | 'pre-scaler';
  readonly stat: string;
  readonly period: number;
  readonly comparison: string;
  readonly treatMissingData: 'missing' | 'notBreaching';
  /** A percent of the running writer's figure: metric math over the metric and the pre-scaler's report of the writer. */
  readonly relative?: true;
}

const GE = 'GreaterThanOrEqualToThreshold';
const LE = 'LessThanOrEqualToThreshold';

const SHAPES: readonly AlarmShape[] = [
  {
    component: 'writer',
    metric: 'cpu',
    namespace: 'AWS/RDS',
    metricName: 'CPUUtilization',
    dimensions: 'writer',
    stat: 'Average',
    period: 60,
    comparison: GE,
    treatMissingData: 'missing',
  },
  {
    component: 'writer',
    metric: 'freeable-memory',
    namespace: 'AWS/RDS',
    metricName: 'FreeableMemory',
    dimensions: 'writer',
    stat: 'Minimum',
    period: 60,
    comparison: LE,
    treatMissingData: 'missing',
    relative: true,
  },
  {
    component: 'writer',
    metric: 'connections',
    namespace: 'AWS/RDS',
    metricName: 'DatabaseConnections',
    dimensions: 'writer',
    stat: 'Maximum',
    period: 60,
    comparison: GE,
    treatMissingData: 'missing',
    relative: true,
  },
  {
    component: 'writer',
    metric: 'commit-latency',
    namespace: 'AWS/RDS',
    metricName: 'CommitLatency',
    dimensions: 'writer',
    stat: 'Average',
    period: 60,
    comparison: GE,
    treatMissingData: 'notBreaching',
  },
  {
    component: 'writer',
    metric: 'deadlocks',
    namespace: 'AWS/RDS',
    metricName: 'Deadlocks',
    dimensions: 'writer',
    stat: 'Average',
    period: 300,
    comparison: GE,
    treatMissingData: 'notBreaching',
  },
  {
    component: 'readers',
    metric: 'cpu',
    namespace: 'AWS/RDS',
    metricName: 'CPUUtilization',
    dimensions: 'reader',
    stat: 'Average',
    period: 60,
    comparison: GE,
    treatMissingData: 'missing',
  },
  {
    component: 'readers',
    metric: 'replica-lag',
    namespace: 'AWS/RDS',
    metricName: 'AuroraReplicaLag',
    dimensions: 'reader',
    stat: 'Maximum',
    period: 60,
    comparison: GE,
    treatMissingData: 'notBreaching',
  },
  {
    component: 'readers',
    metric: 'capacity-exhausted',
    namespace: 'AuroraSurge/PreScaler',
    metricName: 'ReaderCount',
    dimensions: 'pre-scaler',
    stat: 'Minimum',
    period: 300,
    comparison: GE,
    treatMissingData: 'notBreaching',
  },
  {
    component: 'proxy',
    metric: 'client-connections',
    namespace: 'AWS/RDS',
    metricName: 'ClientConnections',
    dimensions: 'proxy',
    stat: 'Sum',
    period: 60,
    comparison: GE,
    treatMissingData: 'notBreaching',
    relative: true,
  },
  {
    component: 'proxy',
    metric: 'borrow-latency',
    namespace: 'AWS/RDS',
    metricName: 'DatabaseConnectionsBorrowLatency',
    dimensions: 'proxy',
    stat: 'Average',
    period: 60,
    comparison: GE,
    treatMissingData: 'notBreaching',
  },
  {
    component: 'proxy',
    metric: 'pinned-connections',
    namespace: 'AWS/RDS',
    metricName: 'DatabaseConnectionsCurrentlySessionPinned',
    dimensions: 'proxy',
    stat: 'Sum',
    period: 60,
    comparison: GE,
    treatMissingData: 'notBreaching',
    relative: true,
  },
  {
    component: 'proxy',
    metric: 'query-latency',
    namespace: 'AWS/RDS',
    metricName: 'QueryResponseLatency',
    dimensions: 'proxy',
    stat: 'Average',
    period: 60,
    comparison: GE,
    treatMissingData: 'notBreaching',
  },
];
const ACU_SHAPE: AlarmShape = {
  component: 'writer',
  metric: 'acu-utilization',
  namespace: 'AWS/RDS',
  metricName: 'ACUUtilization',
  dimensions: 'writer',
  stat: 'Average',
  period: 60,
  comparison: GE,
  treatMissingData: 'missing',
};

type Pair = readonly [warning: number, critical: number];

/**
 * Thresholds per environment. Connection, memory, client and pinning alarms compare a percentage of the
 * running writer's figure with the configured percentages (proven at two writer classes below). The
 * absolute figures, worked out by hand from the committed config (so the code is checked against
 * arithmetic, not against itself), are the baseline's, quoted in descriptions and used as fallback:
 * - dev: Serverless v2 0.5–8 ACU → 16 GiB, PostgreSQL max_connections floor(16e9 / 9531392) = 1678;
 *   pool 90 % = 1510, multiplexing 1 → 1510 clients.
 * - staging: db.r6g.large 16 GiB → 1678; pool 1510, multiplexing 2 → 3020 clients.
 * - prod: db.r6g.xlarge 32 GiB → 3357; pool 3021, multiplexing 2 → 6042 clients; CPU 65/85 from prod.ts.
 * Memory: 16 GiB = 17179869184 bytes, 32 GiB = 34359738368 bytes; 15 % and 5 % rounded down.
 */
const THRESHOLDS: Record<string, Record<string, Pair>> = {
  dev: {
    'writer-cpu': [70, 90],
    'writer-freeable-memory': [15, 5],
    'writer-connections': [80, 95],
    'writer-commit-latency': [20, 100],
    'writer-deadlocks': [0.05, 0.5],
    'writer-acu-utilization': [80, 95],
    'readers-cpu': [75, 90],
    'readers-replica-lag': [1000, 5000],
    'readers-capacity-exhausted': [3, 3],
    'proxy-client-connections': [75, 90],
    'proxy-borrow-latency': [100_000, 1_000_000],
    'proxy-pinned-connections': [30, 60],
    'proxy-query-latency': [200_000, 1_000_000],
  },
  staging: {
    'writer-cpu': [70, 90],
    'writer-freeable-memory': [15, 5],
    'writer-connections': [80, 95],
    'writer-commit-latency': [20, 100],
    'writer-deadlocks': [0.05, 0.5],
    'readers-cpu': [75, 90],
    'readers-replica-lag': [1000, 5000],
    'readers-capacity-exhausted': [4, 4],
    'proxy-client-connections': [75, 90],
    'proxy-borrow-latency': [100_000, 1_000_000],
    'proxy-pinned-connections': [30, 60],
    'proxy-query-latency': [200_000, 1_000_000],
  },
  prod: {
    'writer-cpu': [65, 85],
    'writer-freeable-memory': [15, 5],
    'writer-connections': [80, 95],
    'writer-commit-latency': [20, 100],
    'writer-deadlocks': [0.05, 0.5],
    'readers-cpu': [75, 90],
    'readers-replica-lag': [1000, 5000],
    'readers-capacity-exhausted': [6, 6],
    'proxy-client-connections': [75, 90],
    'proxy-borrow-latency': [100_000, 1_000_000],
    'proxy-pinned-connections': [30, 60],
    'proxy-query-latency': [200_000, 1_000_000],
  },
};

/** The committed environment's whole stack, shared by the run (test/helpers/committed-environment-templates.ts). */
function templateOf(env: string): Template {
  return committedEnvironmentTemplate(env);
}

function expectedDimensions(shape: AlarmShape, env: string, template: Template): Record<string, unknown> {
  switch (shape.dimensions) {
    case 'writer':
      return { DBClusterIdentifier: `aurora-surge-${env}`, Role: 'WRITER' };
    case 'reader':
      return { DBClusterIdentifier: `aurora-surge-${env}`, Role: 'READER' };
    case 'proxy':
      return { ProxyName: { Ref: logicalIdOf(template, 'AWS::RDS::DBProxy', { DBProxyName: `aurora-surge-${env}` }) } };
    case 'pre-scaler':
      return { Environment: env };
  }
}

describe.each(['dev', 'staging', 'prod'])('%s alarms', (env) => {
  const shapes = env === 'dev' ? [...SHAPES, ACU_SHAPE] : SHAPES;
  const rows = shapes.flatMap((shape) =>
    (['warning', 'critical'] as const).map((severity) => [`${shape.component}-${shape.metric}-${severity}`, shape, severity] as const),
  );

  test.each(rows)('%s: metric, dimensions, statistic, threshold, comparison, missing data', (_label, shape, severity) => {
    const template = templateOf(env);
    const alarm = alarmsByName(template).get(`aurora-surge-${env}-${shape.component}-${shape.metric}-${severity}`);
    expect(alarm).toBeDefined();
    const expected = {
      namespace: shape.namespace,
      metricName: shape.metricName,
      dimensions: expectedDimensions(shape, env, template),
      stat: shape.stat,
      period: shape.period,
    };
    if (shape.relative) {
      const stats = metricStatsOf(alarm!);
      expect(stats).toContainEqual(expected);
      if (env !== 'dev') {
        // Provisioned writer: divided by the figure of the class the pre-scaler reports running.
        expect(stats).toContainEqual({
          namespace: 'AuroraSurge/PreScaler',
          metricName: 'ActualWriterCapacity',
          dimensions: { Environment: env },
          stat: 'Maximum',
          period: 60,
        });
      }
    } else {
      expect(metricStatOf(alarm!)).toEqual(expected);
    }
    const [warning, critical] = THRESHOLDS[env]![`${shape.component}-${shape.metric}`]!;
    expect(alarm!.Threshold).toBe(severity === 'warning' ? warning : critical);
    expect(alarm!.ComparisonOperator).toBe(shape.comparison);
    expect(alarm!.TreatMissingData).toBe(shape.treatMissingData);
    expect(alarm!.AlarmDescription).toContain(`#${shape.component}-${shape.metric}`);
  });

  test('no other database alarm exists, and a provisioned writer has no ACU alarm', () => {
    // The pre-scaler's own alarms (aurora-surge-<env>-pre-scaler-…) are built and tested with the pre-scaler.
    // The secret rotation's alarm is built and tested with the database.
    const database = [...alarmsByName(templateOf(env)).keys()].filter(
      (name) => !name.startsWith(`aurora-surge-${env}-pre-scaler-`) && !name.startsWith(`aurora-surge-${env}-secret-rotation-`),
    );
    expect(database).toHaveLength(shapes.length * 2);
  });

  test('the composite "database at risk" pages when writer CPU is critical and proxy borrow latency is high', () => {
    const template = templateOf(env);
    const composites = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'));
    expect(composites).toHaveLength(1);
    const composite = composites[0]!.Properties;
    expect(composite.AlarmName).toBe(`aurora-surge-${env}-database-at-risk-critical`);
    const cpu = logicalIdOf(template, 'AWS::CloudWatch::Alarm', { AlarmName: `aurora-surge-${env}-writer-cpu-critical` });
    const borrow = logicalIdOf(template, 'AWS::CloudWatch::Alarm', { AlarmName: `aurora-surge-${env}-proxy-borrow-latency-warning` });
    expect(composite.AlarmRule).toEqual({
      'Fn::Join': ['', ['(ALARM("', { 'Fn::GetAtt': [cpu, 'Arn'] }, '") AND ALARM("', { 'Fn::GetAtt': [borrow, 'Arn'] }, '"))']],
    });
  });
});

describe('notifications', () => {
  function topicIds(template: Template): Record<'critical' | 'warning', string> {
    return {
      critical: logicalIdOf(template, 'AWS::SNS::Topic', { TopicName: expectTopicName(template, 'critical') }),
      warning: logicalIdOf(template, 'AWS::SNS::Topic', { TopicName: expectTopicName(template, 'warning') }),
    };
  }
  function expectTopicName(template: Template, severity: string): string {
    const names = Object.values(template.findResources('AWS::SNS::Topic')).map((t) => t.Properties.TopicName as string);
    const name = names.find((n) => n.endsWith(`-alarms-${severity}`));
    if (!name) throw new Error(`no ${severity} topic`);
    return name;
  }
  function allAlarms(template: Template): Array<[string, AlarmProps]> {
    return [
      ...Object.values(template.findResources('AWS::CloudWatch::Alarm')),
      ...Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm')),
    ].map((r) => [r.Properties.AlarmName, r.Properties]);
  }

  test.each(['staging', 'prod'])("in %s every alarm notifies its severity's topic, on ALARM and on OK", (env) => {
    const template = templateOf(env);
    const topics = topicIds(template);
    const alarms = allAlarms(template);
    expect(alarms.length).toBeGreaterThan(20);
    for (const [name, props] of alarms) {
      const severity = name.endsWith('-critical') ? 'critical' : 'warning';
      expect({ name, actions: props.AlarmActions }).toEqual({ name, actions: [{ Ref: topics[severity] }] });
      expect({ name, actions: props.OKActions }).toEqual({ name, actions: [{ Ref: topics[severity] }] });
    }
  });

  test('in dev the alarms exist but notify nobody (alarmActionsEnabled: false)', () => {
    const alarms = allAlarms(templateOf('dev'));
    expect(alarms.length).toBeGreaterThan(20);
    for (const [name, props] of alarms) expect({ name, actions: props.AlarmActions ?? [] }).toEqual({ name, actions: [] });
  });

  test.each(['dev', 'staging', 'prod'])('%s has a KMS-encrypted, TLS-only topic per severity', (env) => {
    const template = templateOf(env);
    const topics = template.findResources('AWS::SNS::Topic');
    expect(
      Object.values(topics)
        .map((t) => t.Properties.TopicName)
        .sort(),
    ).toEqual([`aurora-surge-${env}-alarms-critical`, `aurora-surge-${env}-alarms-warning`]);
    for (const topic of Object.values(topics)) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  test('prod subscribes the configured addresses: the pager to critical, the team to warning', () => {
    const template = templateOf('prod');
    const topics = topicIds(template);
    const subs = Object.values(template.findResources('AWS::SNS::Subscription')).map((s) => [
      s.Properties.TopicArn,
      s.Properties.Protocol,
      s.Properties.Endpoint,
    ]);
    expect(subs).toEqual(
      expect.arrayContaining([
        [{ Ref: topics.critical }, 'email', 'db-oncall@example.com'],
        [{ Ref: topics.warning }, 'email', 'devops@example.com'],
      ]),
    );
    expect(subs).toHaveLength(2);
  });
});

describe('connection and memory alarms follow the writer actually running', () => {
  // A prod-like environment with literal settings: PostgreSQL, baseline writer db.r6g.xlarge, pool 90 %,
  // multiplexing 2, default thresholds. The pre-scaler reports the running writer's class memory
  // (ActualWriterCapacity, GiB). Worked by hand: max_connections = min(floor(GiB × 1e9 / 9531392), 5000):
  // db.r6g.xlarge 32 GiB → 3357 (pool 3021, serves 6042 clients); db.r6g.4xlarge 128 GiB → 5000 (pool 4500, 9000).
  const config = validateEnvironment({
    ...structuredClone(prod),
    database: {
      ...structuredClone(prod.database),
      engine: 'aurora-postgresql',
      writer: { kind: 'provisioned', instanceClass: 'db.r6g.xlarge' },
    },
    proxy: { ...structuredClone(prod.proxy), maxConnectionsPercent: 90, assumedMultiplexingRatio: 2 },
    monitoring: { ...structuredClone(prod.monitoring), thresholds: {} },
  });
  const alarms = alarmsByName(monitoringOnlyTemplate(config));
  const GIB = 1024 ** 3;
  const XLARGE = 32;
  const X4LARGE = 128;
  const at = (name: string, values: Record<string, number | undefined>) => {
    const alarm = alarms.get(`aurora-surge-prod-${name}`);
    if (!alarm) throw new Error(`no alarm ${name}`);
    return breaches(alarm, evaluateAlarmAt(alarm, values));
  };

  test.each<[string, number | undefined, number, boolean, boolean]>([
    // running writer memory, connections, warning (80 %), critical (95 %)
    ['db.r6g.xlarge: 2700 of 3357 is 80.4 %', XLARGE, 2700, true, false],
    ['db.r6g.4xlarge: the same 2700 of 5000 is 54 %, no page', X4LARGE, 2700, false, false],
    ['db.r6g.4xlarge: 4800 of 5000 is 96 %', X4LARGE, 4800, true, true],
    ['no report from the pre-scaler yet: the baseline (3357) stands in', undefined, 2700, true, false],
  ])('writer connections, %s', (_label, memoryGiB, connections, warning, critical) => {
    const values = { ActualWriterCapacity: memoryGiB, DatabaseConnections: connections };
    expect([at('writer-connections-warning', values), at('writer-connections-critical', values)]).toEqual([warning, critical]);
  });

  test.each<[string, number, number, boolean, boolean]>([
    // running writer memory, freeable GiB, warning (15 %), critical (5 %)
    ['db.r6g.xlarge: 16 GiB free of 32 is 50 %', XLARGE, 16, false, false],
    [
      'db.r6g.4xlarge: 16 GiB free of 128 is 12.5 %, the warning fires (a baseline threshold of 4.8 GiB would not)',
      X4LARGE,
      16,
      true,
      false,
    ],
    ['db.r6g.4xlarge: 6 GiB free of 128 is 4.7 %', X4LARGE, 6, true, true],
    ['db.r6g.xlarge: 4 GiB free of 32 is 12.5 %', XLARGE, 4, true, false],
  ])('writer freeable memory, %s', (_label, memoryGiB, freeGiB, warning, critical) => {
    const values = { ActualWriterCapacity: memoryGiB, FreeableMemory: freeGiB * GIB };
    expect([at('writer-freeable-memory-warning', values), at('writer-freeable-memory-critical', values)]).toEqual([warning, critical]);
  });

  test.each<[string, number, number, boolean]>([
    // running writer memory, client connections, warning (75 % of what the pool serves)
    ['db.r6g.xlarge: 5000 of 6042 is 82.8 %', XLARGE, 5000, true],
    ['db.r6g.4xlarge: 5000 of 9000 is 55.6 %', X4LARGE, 5000, false],
  ])('proxy client connections, %s', (_label, memoryGiB, clients, warning) => {
    expect(at('proxy-client-connections-warning', { ActualWriterCapacity: memoryGiB, ClientConnections: clients })).toBe(warning);
  });

  test('descriptions say the threshold follows the running writer and quote the baseline figure', () => {
    const description = alarms.get('aurora-surge-prod-writer-connections-warning')!.AlarmDescription as string;
    expect(description).toContain("80 % of the running writer's max_connections");
    expect(description).toContain('3357 on the baseline db.r6g.xlarge');
  });

  test('a Serverless v2 writer: the figures are those of the configured maximum ACU (max_connections changes only on reboot)', () => {
    const serverless = validateEnvironment({
      ...structuredClone(dev),
      database: { ...structuredClone(dev.database), writer: { kind: 'serverless-v2', minCapacity: 2, maxCapacity: 32 } },
      monitoring: { ...structuredClone(dev.monitoring), thresholds: {} },
    });
    const byName = alarmsByName(monitoringOnlyTemplate(serverless));
    // 32 ACU × 2 GiB = 64 GiB → min(6714, 5000) = 5000.
    const warning = byName.get('aurora-surge-dev-writer-connections-warning')!;
    expect(breaches(warning, evaluateAlarmAt(warning, { DatabaseConnections: 4000 }))).toBe(true);
    expect(breaches(warning, evaluateAlarmAt(warning, { DatabaseConnections: 3999 }))).toBe(false);
  });
});
