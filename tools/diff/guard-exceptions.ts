import { CONTROL_TOWER_EXCEPTIONS } from '../../lib/compliance/control-tower-exceptions';

/**
 * The AWS Control Tower controls this app fails on purpose (lib/compliance/control-tower-exceptions.ts,
 * the one list the guard test and the README's "AWS Control Tower proactive controls" table follow): a
 * new finding of one of these rules is shown, but does not block the pull request.
 */
export interface DocumentedGuardException {
  /** The cfn-guard rule name. */
  readonly rule: string;
  /** The control id. */
  readonly control: string;
  /** When the exception holds, and what meets the control instead. */
  readonly note: string;
}

export const DOCUMENTED_GUARD_EXCEPTIONS: readonly DocumentedGuardException[] = CONTROL_TOWER_EXCEPTIONS.map((e) => ({
  rule: e.rule,
  control: e.control,
  note: `documented exception (README, AWS Control Tower proactive controls); ${e.configOption} meets it`,
}));

/** The documented exception a guard finding's rule (`CT.LAMBDA.PR.3 (lambda_inside_vpc_check)`) falls under, if any. */
export function documentedExceptionFor(rule: string): DocumentedGuardException | undefined {
  return DOCUMENTED_GUARD_EXCEPTIONS.find((e) => rule === `${e.control} (${e.rule})` || rule === e.rule);
}
