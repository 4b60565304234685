import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { validateEnvironment, type EnvironmentConfig } from '../../../config';
import { dev } from '../../../config/environments/dev';
import { prod } from '../../../config/environments/prod';
import { AlarmTopics } from '../../../lib/monitoring/alarm-topics';
import { DatabaseMonitoring } from '../../../lib/monitoring/database-monitoring';
import { committedEnvironmentTemplate } from '../../helpers/committed-environment-templates';
import { alarmsByName, logicalIdOf, metricStatOf, type AlarmProps } from './template-reading';

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
 * Thresholds per environment, worked out by hand from the committed config (so the code is checked
 * against arithmetic, not against itself):
 * - dev: Serverless v2 0.5–8 ACU → 16 GiB, PostgreSQL max_connections floor(16e9 / 9531392) = 1678;
 *   pool 90 % = 1510, multiplexing 1 → 1510 clients.
 * - staging: db.r6g.large 16 GiB → 1678; pool 1510, multiplexing 2 → 3020 clients.
 * - prod: db.r6g.xlarge 32 GiB → 3357; pool 3021, multiplexing 2 → 6042 clients; CPU 65/85 from prod.ts.
 * Memory: 16 GiB = 17179869184 bytes, 32 GiB = 34359738368 bytes; 15 % and 5 % rounded down.
 */
const THRESHOLDS: Record<string, Record<string, Pair>> = {
  dev: {
    'writer-cpu': [70, 90],
    'writer-freeable-memory': [2576980377, 858993459],
    'writer-connections': [1342, 1594],
    'writer-commit-latency': [20, 100],
    'writer-deadlocks': [0.05, 0.5],
    'writer-acu-utilization': [80, 95],
    'readers-cpu': [75, 90],
    'readers-replica-lag': [1000, 5000],
    'readers-capacity-exhausted': [3, 3],
    'proxy-client-connections': [1132, 1359],
    'proxy-borrow-latency': [100_000, 1_000_000],
    'proxy-pinned-connections': [453, 906],
    'proxy-query-latency': [200_000, 1_000_000],
  },
  staging: {
    'writer-cpu': [70, 90],
    'writer-freeable-memory': [2576980377, 858993459],
    'writer-connections': [1342, 1594],
    'writer-commit-latency': [20, 100],
    'writer-deadlocks': [0.05, 0.5],
    'readers-cpu': [75, 90],
    'readers-replica-lag': [1000, 5000],
    'readers-capacity-exhausted': [4, 4],
    'proxy-client-connections': [2265, 2718],
    'proxy-borrow-latency': [100_000, 1_000_000],
    'proxy-pinned-connections': [453, 906],
    'proxy-query-latency': [200_000, 1_000_000],
  },
  prod: {
    'writer-cpu': [65, 85],
    'writer-freeable-memory': [5153960755, 1717986918],
    'writer-connections': [2685, 3189],
    'writer-commit-latency': [20, 100],
    'writer-deadlocks': [0.05, 0.5],
    'readers-cpu': [75, 90],
    'readers-replica-lag': [1000, 5000],
    'readers-capacity-exhausted': [6, 6],
    'proxy-client-connections': [4531, 5437],
    'proxy-borrow-latency': [100_000, 1_000_000],
    'proxy-pinned-connections': [906, 1812],
    'proxy-query-latency': [200_000, 1_000_000],
  },
};

const templates = new Map<string, Template>();
function templateOf(env: string): Template {
  if (!templates.has(env)) templates.set(env, committedEnvironmentTemplate(env));
  return templates.get(env)!;
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
    const stat = metricStatOf(alarm!);
    expect(stat).toEqual({
      namespace: shape.namespace,
      metricName: shape.metricName,
      dimensions: expectedDimensions(shape, env, template),
      stat: shape.stat,
      period: shape.period,
    });
    const [warning, critical] = THRESHOLDS[env]![`${shape.component}-${shape.metric}`]!;
    expect(alarm!.Threshold).toBe(severity === 'warning' ? warning : critical);
    expect(alarm!.ComparisonOperator).toBe(shape.comparison);
    expect(alarm!.TreatMissingData).toBe(shape.treatMissingData);
    expect(alarm!.AlarmDescription).toContain(`#${shape.component}-${shape.metric}`);
  });

  test('no other database alarm exists, and a provisioned writer has no ACU alarm', () => {
    // The pre-scaler's own alarms (aurora-surge-<env>-pre-scaler-…) are built and tested with the pre-scaler.
    const database = [...alarmsByName(templateOf(env)).keys()].filter((name) => !name.startsWith(`aurora-surge-${env}-pre-scaler-`));
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

describe('connection thresholds follow the writer class', () => {
  // The prod config with only the writer (and so its standby) class changed: max_connections, and every
  // connection threshold, moves with it. PostgreSQL: min(floor(GiB × 1e9 / 9531392), 5000). The monitoring
  // is built in a bare stack (the full stack is covered above): no Lambda bundling, milliseconds a case.
  test.each<[string, number, Pair, Pair, Pair]>([
    // class, max_connections, writer connections (80/95 %), proxy clients (75/90 % of pool × 2), pinned (30/60 % of pool)
    ['db.r6g.large', 1678, [1342, 1594], [2265, 2718], [453, 906]],
    ['db.r6g.xlarge', 3357, [2685, 3189], [4531, 5437], [906, 1812]],
    ['db.r6g.2xlarge', 5000, [4000, 4750], [6750, 8100], [1350, 2700]],
    ['db.r6g.4xlarge', 5000, [4000, 4750], [6750, 8100], [1350, 2700]],
  ])('%s (max_connections %d)', (instanceClass, maxConnections, writerConnections, clientConnections, pinned) => {
    const config = validateEnvironment({
      ...structuredClone(prod),
      database: { ...structuredClone(prod.database), writer: { kind: 'provisioned', instanceClass } },
    });
    const alarms = alarmsByName(monitoringOnlyTemplate(config));
    const pair = (metric: string) => [
      alarms.get(`aurora-surge-prod-${metric}-warning`)!.Threshold,
      alarms.get(`aurora-surge-prod-${metric}-critical`)!.Threshold,
    ];
    expect(pair('writer-connections')).toEqual(writerConnections);
    expect(pair('proxy-client-connections')).toEqual(clientConnections);
    expect(pair('proxy-pinned-connections')).toEqual(pinned);
    expect(alarms.get('aurora-surge-prod-writer-connections-critical')!.AlarmDescription).toContain(
      `max_connections ${maxConnections}, ${instanceClass}`,
    );
  });

  test('a Serverless v2 writer: thresholds follow the maximum ACU', () => {
    const config = validateEnvironment({
      ...structuredClone(dev),
      database: { ...structuredClone(dev.database), writer: { kind: 'serverless-v2', minCapacity: 2, maxCapacity: 32 } },
    });
    const alarms = alarmsByName(monitoringOnlyTemplate(config));
    // 32 ACU × 2 GiB = 64 GiB → min(6714, 5000) = 5000; memory 64 GiB = 68719476736 bytes.
    expect(alarms.get('aurora-surge-dev-writer-connections-warning')!.Threshold).toBe(4000);
    expect(alarms.get('aurora-surge-dev-writer-freeable-memory-critical')!.Threshold).toBe(3435973836);
  });
});

/** The alarm topics and the monitoring of an environment, alone in a stack. */
function monitoringOnlyTemplate(config: EnvironmentConfig): Template {
  const stack = new Stack(new App(), 'MonitoringOnly', { env: { account: config.account, region: config.region } });
  const topics = new AlarmTopics(stack, 'AlarmTopics', {
    environmentName: config.name,
    actionsEnabled: config.monitoring.alarmActionsEnabled,
    subscriptions: config.monitoring.notifications,
  });
  const w = config.database.writer;
  new DatabaseMonitoring(stack, 'Monitoring', {
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
  });
  return Template.fromStack(stack);
}
