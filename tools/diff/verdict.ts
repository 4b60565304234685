import type { ClassifiedResourceChange, StackDiff } from './types';

/** A blocked change, with the environment it happens in. */
export interface BlockedChange {
  readonly environment: string;
  readonly stackName: string;
  readonly change: ClassifiedResourceChange;
}

/** The outcome of a diff: what blocks it, whether that was overridden, and the exit code. */
export interface Verdict {
  readonly blocked: readonly BlockedChange[];
  /** True when there are blocked changes and `--allow-destructive` (or the PR label) was given. */
  readonly overridden: boolean;
  /** 0: nothing blocks (or overridden); 1: a blocked destructive change. */
  readonly exitCode: 0 | 1;
}

/** Exit code for a usage or tool error (bad arguments, a synth that fails, git trouble). */
export const EXIT_TOOL_ERROR = 2;

export function decideVerdict(stacks: readonly StackDiff[], allowDestructive: boolean): Verdict {
  const blocked = stacks.flatMap((stack) =>
    stack.resources
      .filter((change) => change.impact === 'blocked')
      .map((change) => ({ environment: stack.environment, stackName: stack.stackName, change })),
  );
  const overridden = blocked.length > 0 && allowDestructive;
  return { blocked, overridden, exitCode: blocked.length > 0 && !allowDestructive ? 1 : 0 };
}
