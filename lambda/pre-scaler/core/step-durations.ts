/**
 * How long AWS takes for the steps the pre-scaler orders, as the upper ends the project plans with.
 * The simulator draws from these ranges; synth uses the upper ends to check that an environment's lead
 * time leaves room for the steps.
 *
 * - Changing an Aurora instance's class restarts it: typically 10–15 minutes for a reader here.
 * - A planned `FailoverDBCluster` usually completes in 30–60 seconds.
 * - Aurora Auto Scaling adds a reader in about 10 minutes.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html
 */
export const AWS_STEP_MINUTES = {
  resizeInstance: { min: 10, max: 15 },
  failover: { min: 0.5, max: 1 },
  addReader: { min: 8, max: 10 },
  removeReader: { min: 4, max: 6 },
  serverlessRangeChange: { min: 0.5, max: 1 },
} as const;

/**
 * The shortest lead time that lets the steps finish before a campaign starts, with worst-case AWS
 * durations and one schedule period lost before each step:
 * - provisioned: a spare reader comes up (so reads keep a reader while the standby is resized) →
 *   resize standby → fail over → resize the old writer, with new readers coming up meanwhile;
 * - Serverless v2: raise the range → readers come up.
 */
export function minimumLeadTimeMinutes(writerKind: 'provisioned' | 'serverless-v2', scheduleRateMinutes: number): number {
  const d = AWS_STEP_MINUTES;
  return writerKind === 'provisioned'
    ? d.addReader.max + d.resizeInstance.max + d.failover.max + Math.max(d.resizeInstance.max, d.addReader.max) + 5 * scheduleRateMinutes
    : d.serverlessRangeChange.max + d.addReader.max + 2 * scheduleRateMinutes;
}
