import type { Template } from 'aws-cdk-lib/assertions';

/** An alarm's properties as synthesized. */
export type AlarmProps = Record<string, any>;

/** Every metric alarm of a template, by `AlarmName`. */
export function alarmsByName(template: Template): Map<string, AlarmProps> {
  const out = new Map<string, AlarmProps>();
  for (const resource of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
    out.set(resource.Properties.AlarmName, resource.Properties);
  }
  return out;
}

/** The one `MetricStat` of a single-metric alarm (rendered as `Metrics[0]` because the metric has a label). */
export function metricStatOf(alarm: AlarmProps): {
  namespace: string;
  metricName: string;
  dimensions: Record<string, unknown>;
  stat: string;
  period: number;
} {
  const stat = alarm.Metrics?.[0]?.MetricStat ?? {
    Metric: { Namespace: alarm.Namespace, MetricName: alarm.MetricName, Dimensions: alarm.Dimensions },
    Stat: alarm.Statistic,
    Period: alarm.Period,
  };
  return {
    namespace: stat.Metric.Namespace,
    metricName: stat.Metric.MetricName,
    dimensions: Object.fromEntries((stat.Metric.Dimensions ?? []).map((d: { Name: string; Value: unknown }) => [d.Name, d.Value])),
    stat: stat.Stat,
    period: stat.Period,
  };
}

/** The logical id of the only resource of `type` whose properties contain `match`. */
export function logicalIdOf(template: Template, type: string, props: Record<string, unknown>): string {
  const found = Object.keys(template.findResources(type, { Properties: props }));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${JSON.stringify(props)}, found ${found.length}`);
  return found[0]!;
}

/**
 * The dashboard body as an object. CloudFormation receives it as an `Fn::Join` of strings and
 * tokens (alarm ARNs, the region); tokens are replaced by a readable placeholder.
 */
export function dashboardBody(template: Template): any {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboards.length !== 1) throw new Error(`expected one dashboard, found ${dashboards.length}`);
  const body = dashboards[0]!.Properties.DashboardBody;
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1]
          .map((part: unknown) => (typeof part === 'string' ? part : `<${JSON.stringify(part).replace(/"/g, "'")}>`))
          .join('');
  return JSON.parse(text);
}

/**
 * Evaluates a metric-math alarm at one instant, as CloudWatch would with these datapoints: every
 * `MetricStat` takes the value given for its metric name (`undefined`: no datapoint), and the
 * expressions are computed with the metric-math functions the stack uses (`IF`, `FILL` with a constant
 * or `REPEAT`, arithmetic and comparisons). At a single instant `FILL(x, REPEAT)` has no earlier value
 * to repeat, so it leaves the gap.
 */
export function evaluateAlarmAt(alarm: AlarmProps, values: Readonly<Record<string, number | undefined>>): number | undefined {
  const entries: Array<{ Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string } }; ReturnData?: boolean }> =
    alarm.Metrics ?? [];
  const byId = new Map(entries.map((e) => [e.Id, e]));
  const REPEAT = Symbol('REPEAT');
  const IF = (c: unknown, a: unknown, b: unknown) => (c ? a : b);
  const FILL = (x: number | undefined, d: number | typeof REPEAT) =>
    x === undefined || Number.isNaN(x) ? (d === REPEAT ? undefined : d) : x;
  const cache = new Map<string, number | undefined>();
  const seriesValue = (id: string): number | undefined => {
    if (cache.has(id)) return cache.get(id);
    const entry = byId.get(id);
    if (!entry) throw new Error(`no metric or expression with id ${id}`);
    let value: number | undefined;
    if (entry.MetricStat) value = values[entry.MetricStat.Metric.MetricName];
    else {
      const expression = entry.Expression ?? '';
      const ids = [...new Set(expression.match(/\b[a-z][A-Za-z0-9_]*\b/g) ?? [])].filter((name) => byId.has(name));
      const args = ids.map(seriesValue);
      // A gap propagates through arithmetic, as in CloudWatch (FILL is what replaces it).
      const fn = new Function('IF', 'FILL', 'REPEAT', ...ids, `return ${expression};`) as (...a: unknown[]) => number | undefined;
      const result = fn(IF, FILL, REPEAT, ...args);
      value = result === undefined || Number.isNaN(result) ? undefined : result;
    }
    cache.set(id, value);
    return value;
  };
  const returned = entries.filter((e) => e.ReturnData !== false);
  if (returned.length !== 1) throw new Error(`expected one returned series, found ${returned.length}`);
  return seriesValue(returned[0]!.Id);
}

/** Whether an alarm's comparison holds for a value (the alarm breaches at this datapoint). */
export function breaches(alarm: AlarmProps, value: number | undefined): boolean {
  if (value === undefined) return false;
  switch (alarm.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.Threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.Threshold;
    case 'GreaterThanThreshold':
      return value > alarm.Threshold;
    case 'LessThanThreshold':
      return value < alarm.Threshold;
    default:
      throw new Error(`unknown comparison ${alarm.ComparisonOperator}`);
  }
}

/** Every `MetricStat` of a metric-math alarm, in the form {@link metricStatOf} returns. */
export function metricStatsOf(alarm: AlarmProps): ReturnType<typeof metricStatOf>[] {
  return (alarm.Metrics ?? [])
    .filter((e: { MetricStat?: unknown }) => e.MetricStat)
    .map((e: { MetricStat: unknown }) => metricStatOf({ Metrics: [e] }));
}
