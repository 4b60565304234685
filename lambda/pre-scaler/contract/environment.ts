/**
 * The pre-scaler's environment variables: three scalars, written by the `PreScaler` construct at
 * synth and read once by the function at cold start. The calendar and the planner settings do not
 * travel here (Lambda caps a function's variables at 4 KB): they are the calendar file
 * ({@link CALENDAR_FILE_NAME}, see `calendar-file.ts`) in the function's code asset.
 *
 * | variable | value |
 * | --- | --- |
 * | `CLUSTER_IDENTIFIER` | `aurora-surge-prod` |
 * | `DRY_RUN` | `true` or `false` |
 * | `NOT_READY_ALARM_MINUTES` | `30` |
 * | `PROXY_NAME` (optional) | `aurora-surge-prod`: whose figures count as pressure |
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
 */
export const PRE_SCALER_ENV = {
  clusterIdentifier: 'CLUSTER_IDENTIFIER',
  dryRun: 'DRY_RUN',
  notReadyAlarmMinutes: 'NOT_READY_ALARM_MINUTES',
  proxyName: 'PROXY_NAME',
} as const;

/** What the three variables hold. */
export interface PreScalerEnvironment {
  /** `DBClusterIdentifier` of the cluster it reconciles. */
  readonly clusterIdentifier: string;
  /** Decide and report, call nothing that changes AWS. */
  readonly dryRun: boolean;
  /** Minutes before a campaign's start from which "not ready" is alarmed. */
  readonly notReadyAlarmMinutes: number;
  /** The RDS Proxy in front of the cluster (`DBProxyName`): its figures count as pressure. @default - none */
  readonly proxyName?: string;
}

/** The fix every problem of a deployed configuration has: it comes from config/, never from the console. */
export const FIX_DEPLOY = "Fix: correct config/ and deploy the stack again (never edit the function's variables or code by hand).";

/** The variables as the construct sets them. */
export function encodePreScalerEnvironment(input: PreScalerEnvironment): Record<string, string> {
  return {
    [PRE_SCALER_ENV.clusterIdentifier]: input.clusterIdentifier,
    [PRE_SCALER_ENV.dryRun]: String(input.dryRun),
    [PRE_SCALER_ENV.notReadyAlarmMinutes]: String(input.notReadyAlarmMinutes),
    ...(input.proxyName ? { [PRE_SCALER_ENV.proxyName]: input.proxyName } : {}),
  };
}

/** Reads the variables; every problem is pushed to `problems` (naming the variable and the fix), and `undefined` returned. */
export function decodePreScalerEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): PreScalerEnvironment | undefined {
  const before = problems.length;
  const clusterIdentifier = env[PRE_SCALER_ENV.clusterIdentifier];
  if (!clusterIdentifier) problems.push(`${PRE_SCALER_ENV.clusterIdentifier}: is missing. ${FIX_DEPLOY}`);
  const dryRunText = env[PRE_SCALER_ENV.dryRun];
  if (dryRunText !== 'true' && dryRunText !== 'false')
    problems.push(`${PRE_SCALER_ENV.dryRun}: is ${JSON.stringify(dryRunText ?? null)}, not "true" or "false". ${FIX_DEPLOY}`);
  const minutesText = env[PRE_SCALER_ENV.notReadyAlarmMinutes] ?? '';
  if (!/^\d+$/.test(minutesText))
    problems.push(
      `${PRE_SCALER_ENV.notReadyAlarmMinutes}: is ${JSON.stringify(minutesText)}, not a whole number of minutes. ${FIX_DEPLOY}`,
    );
  if (problems.length > before || !clusterIdentifier) return undefined;
  const proxyName = env[PRE_SCALER_ENV.proxyName];
  return {
    clusterIdentifier,
    dryRun: dryRunText === 'true',
    notReadyAlarmMinutes: Number(minutesText),
    ...(proxyName ? { proxyName } : {}),
  };
}
