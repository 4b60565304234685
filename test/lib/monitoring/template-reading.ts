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
