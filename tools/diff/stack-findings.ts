import type { AssemblyFindings } from './assembly-findings';
import type { CfnTemplate } from './classify';
import { type Finding, type FindingsDiff, diffFindings } from './findings';
import { type DocumentedGuardException, documentedExceptionFor } from './guard-exceptions';
import { type GuardFindings, type GuardSubject, guardKey } from './guard-findings';
import type { StackDiff } from './types';

/** A finding the change introduces, with whether it blocks. */
export interface NewFinding extends Finding {
  /** Set for a guard finding whose control this app fails on purpose: shown, not blocking. */
  readonly exception?: DocumentedGuardException;
}

/** What the change does to one stack's cdk-nag and guard findings. */
export interface StackFindingsDiff extends Omit<FindingsDiff, 'added'> {
  readonly stackName: string;
  readonly environment: string;
  readonly added: readonly NewFinding[];
  /**
   * Why cdk-nag findings could not be compared, when they could not.
   * @default - compared
   */
  readonly nagNote?: string;
}

/** The new findings that block the change (every new one but documented guard exceptions). */
export function blockingFindings(diff: StackFindingsDiff): NewFinding[] {
  return diff.added.filter((f) => !f.exception);
}

/**
 * What cfn-guard has to check: on each side, for each stack, the resources the change adds, updates,
 * replaces or removes that exist on that side (a whole stack when it exists on one side only).
 */
export function guardSubjects(
  stacks: readonly StackDiff[],
  baseTemplates: ReadonlyMap<string, CfnTemplate>,
  headTemplates: ReadonlyMap<string, CfnTemplate>,
): GuardSubject[] {
  const out: GuardSubject[] = [];
  for (const stack of stacks) {
    const changed = stack.resources.map((r) => r.logicalId);
    for (const [side, templates] of [
      ['base', baseTemplates],
      ['head', headTemplates],
    ] as const) {
      const template = templates.get(stack.stackName);
      if (!template) continue;
      const logicalIds = changed.filter((id) => id in (template.Resources ?? {}));
      if (logicalIds.length > 0) out.push({ stackName: stack.stackName, side, template, logicalIds });
    }
  }
  return out;
}

/** Puts each stack's cdk-nag (from the assemblies) and guard findings side by side and diffs them. */
export function diffStackFindings(
  stacks: readonly StackDiff[],
  base: AssemblyFindings,
  head: AssemblyFindings,
  guard: GuardFindings,
): StackFindingsDiff[] {
  const nagComparable = base.reportPresent && head.reportPresent;
  const nagNote = nagComparable
    ? undefined
    : `cdk-nag findings not compared: the ${base.reportPresent ? 'working tree' : 'base'} wrote no validation report (cdk-nag older than version 3, or not run by the app).`;
  return stacks.map((stack) => {
    const side = (assembly: AssemblyFindings, which: 'base' | 'head') => {
      const nag = assembly.byStack.get(stack.stackName);
      if (!nag && !guard.has(guardKey(which, stack.stackName))) return undefined;
      return {
        findings: [...(nagComparable ? (nag?.findings ?? []) : []), ...(guard.get(guardKey(which, stack.stackName)) ?? [])],
        acknowledgements: nag?.acknowledgements ?? [],
      };
    };
    const diff = diffFindings(side(base, 'base'), side(head, 'head'));
    const added = diff.added.map((f): NewFinding => {
      const exception = f.source === 'guard' ? documentedExceptionFor(f.rule) : undefined;
      return exception ? { ...f, exception } : f;
    });
    return {
      stackName: stack.stackName,
      environment: stack.environment,
      ...diff,
      added,
      ...(nagNote ? { nagNote } : {}),
    };
  });
}
