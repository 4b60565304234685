import { compareInstanceClasses, instanceClassSpec, knownClassesHint } from '../instance-classes';
import type { CreatedClusterEnvironmentInput as EnvironmentInput } from './environment';
import type { EnvironmentRule, RuleViolation } from './rules';

const FIELD = 'preScaler.reactive.ceiling';

/** The family of an instance class: `r6g` of `db.r6g.xlarge`. */
function family(instanceClass: string): string {
  return instanceClass.split('.')[1] ?? '';
}

/**
 * The reactive ceiling against the baseline writer: the same writer kind; provisioned, a class of the
 * catalogue, of the baseline's family (an emergency step goes to the next class up in the family
 * through the standby resize), at least the baseline; Serverless v2, a maximum ACU at least the
 * baseline's maximum.
 */
export function checkReactiveCeiling(env: EnvironmentInput): RuleViolation[] {
  const reactive = env.preScaler.reactive;
  if (!reactive) return [];
  const writer = env.database.writer;
  const ceiling = reactive.ceiling;
  if (writer.kind === 'provisioned') {
    if (ceiling.kind !== 'provisioned')
      return [
        {
          field: FIELD,
          message: `is a Serverless v2 maximum, but database.writer is provisioned (${writer.instanceClass}). Fix: set ceiling to { kind: 'provisioned', instanceClass: '<a bigger db.${family(writer.instanceClass)} class>' }.`,
        },
      ];
    if (!instanceClassSpec(ceiling.instanceClass))
      return [
        {
          field: `${FIELD}.instanceClass`,
          message: `"${ceiling.instanceClass}" is not in the instance class catalogue. Fix: use one of ${knownClassesHint(ceiling.instanceClass)} (or add it to config/instance-classes.ts).`,
        },
      ];
    if (family(ceiling.instanceClass) !== family(writer.instanceClass))
      return [
        {
          field: `${FIELD}.instanceClass`,
          message: `"${ceiling.instanceClass}" is not of the baseline writer's family db.${family(writer.instanceClass)} (${writer.instanceClass}): emergency steps go to the next class up in that family. Fix: use a db.${family(writer.instanceClass)} class such as ${knownClassesHint(writer.instanceClass)}.`,
        },
      ];
    if (instanceClassSpec(writer.instanceClass) && compareInstanceClasses(ceiling.instanceClass, writer.instanceClass) < 0)
      return [
        {
          field: `${FIELD}.instanceClass`,
          message: `"${ceiling.instanceClass}" is smaller than the baseline writer ${writer.instanceClass}. Fix: set the ceiling to ${writer.instanceClass} or a bigger db.${family(writer.instanceClass)} class.`,
        },
      ];
    return [];
  }
  if (ceiling.kind !== 'serverless-v2')
    return [
      {
        field: FIELD,
        message: `is an instance class, but database.writer is Serverless v2 (${writer.minCapacity}–${writer.maxCapacity} ACU). Fix: set ceiling to { kind: 'serverless-v2', maxCapacity: <ACU, at least ${writer.maxCapacity}> }.`,
      },
    ];
  if (ceiling.maxCapacity < writer.maxCapacity)
    return [
      {
        field: `${FIELD}.maxCapacity`,
        message: `is ${ceiling.maxCapacity} ACU, below the baseline's maximum ${writer.maxCapacity} ACU. Fix: set it to ${writer.maxCapacity} or more.`,
      },
    ];
  return [];
}

/** The reactive block's cross-field rules. */
export const REACTIVE_RULES: readonly EnvironmentRule[] = [
  { reads: ['database.writer', 'preScaler.reactive'], check: checkReactiveCeiling },
];
