import { blockingFindings, type NewFinding, type StackFindingsDiff } from './stack-findings';
import type { ClassifiedResourceChange, StackDiff } from './types';

/** A blocked change, with the environment it happens in. */
export interface BlockedChange {
  readonly environment: string;
  readonly stackName: string;
  readonly change: ClassifiedResourceChange;
}

/** A new cdk-nag or guard finding that blocks, with the environment it appears in. */
export interface BlockingFinding {
  readonly environment: string;
  readonly stackName: string;
  readonly finding: NewFinding;
}

/** The outcome of a diff: what blocks it, whether that was overridden, and the exit code. */
export interface Verdict {
  readonly blocked: readonly BlockedChange[];
  /** True when there are blocked changes and `--allow-destructive` (or the PR label) was given. */
  readonly overridden: boolean;
  /**
   * New unsuppressed findings. The destructive-change override does not cover them: the fix is in the
   * code (the fix itself, or an acknowledgement with its reason next to the construct).
   */
  readonly findings: readonly BlockingFinding[];
  /** 0: nothing blocks (or only overridden destructive changes); 1: a blocked destructive change or a new finding. */
  readonly exitCode: 0 | 1;
}

/** Exit code for a usage or tool error (bad arguments, a synth that fails, git trouble). */
export const EXIT_TOOL_ERROR = 2;

export function decideVerdict(
  stacks: readonly StackDiff[],
  allowDestructive: boolean,
  findings: readonly StackFindingsDiff[] = [],
): Verdict {
  const blocked = stacks.flatMap((stack) =>
    stack.resources
      .filter((change) => change.impact === 'blocked')
      .map((change) => ({ environment: stack.environment, stackName: stack.stackName, change })),
  );
  const newFindings = findings.flatMap((diff) =>
    blockingFindings(diff).map((finding) => ({ environment: diff.environment, stackName: diff.stackName, finding })),
  );
  const overridden = blocked.length > 0 && allowDestructive;
  const destructiveBlocks = blocked.length > 0 && !allowDestructive;
  return { blocked, overridden, findings: newFindings, exitCode: destructiveBlocks || newFindings.length > 0 ? 1 : 0 };
}
