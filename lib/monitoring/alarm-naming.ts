/** How urgent an alarm is; each severity has its own notification topic. */
export type Severity = 'critical' | 'warning';

export const SEVERITIES: readonly Severity[] = ['critical', 'warning'];

const SEGMENT = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The one naming function for every alarm of the stack: `aurora-surge-<env>-<component>-<metric>-<severity>`,
 * e.g. `aurora-surge-prod-writer-cpu-critical`. Names sort by environment, then component, so the
 * CloudWatch console groups them; the severity at the end is what on-call filters on.
 */
export function alarmName(environment: string, component: string, metric: string, severity: Severity): string {
  for (const [what, value] of [
    ['environment', environment],
    ['component', component],
    ['metric', metric],
  ] as const) {
    if (!SEGMENT.test(value)) throw new Error(`alarm name ${what} "${value}" must be lower-case words joined by dashes`);
  }
  return `${alarmNamePrefix(environment)}${component}-${metric}-${severity}`;
}

/**
 * What every alarm name of an environment starts with (`aurora-surge-<env>-`): the topic and key
 * policies allow CloudWatch to publish for alarms whose ARN matches it.
 */
export function alarmNamePrefix(environment: string): string {
  return `aurora-surge-${environment}-`;
}
