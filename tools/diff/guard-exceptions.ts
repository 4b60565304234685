/**
 * The AWS Control Tower controls this app fails on purpose, as the README's "AWS Control Tower proactive
 * controls" table documents them: a new finding of one of these rules is shown, but does not block the
 * pull request. The authority is test/guard/control-tower-exceptions.ts (with the config option that
 * meets each control); test/tools/diff/guard-exceptions.test.ts fails when the two lists differ.
 */
export interface DocumentedGuardException {
  /** The cfn-guard rule name. */
  readonly rule: string;
  /** The control id. */
  readonly control: string;
  /** When the exception holds, and what meets the control instead. */
  readonly note: string;
}

export const DOCUMENTED_GUARD_EXCEPTIONS: readonly DocumentedGuardException[] = [
  {
    rule: 'lambda_inside_vpc_check',
    control: 'CT.LAMBDA.PR.3',
    note: "documented exception while `network.functionPlacement` is 'outside-vpc' (README, AWS Control Tower proactive controls); 'isolated-subnets' meets the control",
  },
];

/** The documented exception a guard finding's rule (`CT.LAMBDA.PR.3 (lambda_inside_vpc_check)`) falls under, if any. */
export function documentedExceptionFor(rule: string): DocumentedGuardException | undefined {
  return DOCUMENTED_GUARD_EXCEPTIONS.find((e) => rule === `${e.control} (${e.rule})` || rule === e.rule);
}
