import type { EnvironmentConfig } from '../../config';

/**
 * The AWS Control Tower proactive controls this stack fails on purpose, each with the config option
 * that meets it and the reason the default does not. Nothing else may fail (test/guard/control-tower.test.ts); the PR report shows a new finding of one of these as documented, not blocking (tools/diff/guard-exceptions.ts).
 * The same list, for operators, is in the README ("Security baseline", AWS Control Tower).
 */
export interface ControlTowerException {
  /** The cfn-guard rule name. */
  readonly rule: string;
  /** The control id, as the rule reports it. */
  readonly control: string;
  /** Whether an environment's config opts out of the control (the exception applies only then). */
  readonly appliesTo: (config: EnvironmentConfig) => boolean;
  /** The config option that meets the control. */
  readonly configOption: string;
  readonly reason: string;
}

export const CONTROL_TOWER_EXCEPTIONS: readonly ControlTowerException[] = [
  {
    rule: 'lambda_inside_vpc_check',
    control: 'CT.LAMBDA.PR.3',
    appliesTo: (config) => config.network.functionPlacement === 'outside-vpc',
    configOption: "network.functionPlacement: 'isolated-subnets'",
    reason:
      'The pre-scaler and the replica clean-up (and its CDK Provider framework functions) only call AWS control-plane APIs (RDS, Application Auto Scaling, CloudWatch, Lambda, Step Functions); inside the isolated subnets they would need five interface endpoints and an S3 gateway endpoint, at an hourly cost per endpoint and zone, for no data-plane access. Organizations that enforce CT.LAMBDA.PR.3 set the option; the stack then creates those endpoints.',
  },
];
