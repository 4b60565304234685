import { type CloudFormationClient, DescribeTypeCommand } from '@aws-sdk/client-cloudformation';
import { type CheckResult, type Problem, verdict } from '../../aws-checks/check-result';

export const SCHEMAS_CHECK = { id: 'cloudformation-schemas', title: "The region's CloudFormation schemas accept the template" } as const;

/** The part of a synthesized template this check reads. */
export interface TemplateResources {
  readonly Resources?: Readonly<Record<string, { readonly Type: string; readonly Properties?: Readonly<Record<string, unknown>> }>>;
}

/** Types the registry does not describe: custom resources and the CDK's own metadata. */
function isRegistryType(type: string): boolean {
  return type.startsWith('AWS::') && type !== 'AWS::CDK::Metadata';
}

/**
 * Every property the template sets on a resource is in the region's schema for that type. Linters
 * (cfn-lint, CDK's built-in rules) carry a copy of the schemas that lags the service; a region may
 * also lag another. `DescribeType` returns the schema the region's CloudFormation validates against,
 * e.g. `Tags` on `AWS::ApplicationAutoScaling::ScalableTarget` and `AWS::RDS::DBProxyTargetGroup`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeType.html
 * @see https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
 */
export async function checkCloudFormationSchemas(
  cfn: CloudFormationClient,
  environment: string,
  region: string,
  template: TemplateResources,
): Promise<CheckResult> {
  const used = new Map<string, Map<string, string[]>>(); // type → property → logical ids
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (!isRegistryType(resource.Type)) continue;
    const props = used.get(resource.Type) ?? new Map<string, string[]>();
    for (const name of Object.keys(resource.Properties ?? {})) props.set(name, [...(props.get(name) ?? []), logicalId]);
    used.set(resource.Type, props);
  }
  const problems: Problem[] = [];
  for (const [type, props] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    let schema: { properties?: Record<string, unknown> };
    try {
      const out = await cfn.send(new DescribeTypeCommand({ Type: 'RESOURCE', TypeName: type }));
      schema = JSON.parse(out.Schema ?? '{}');
    } catch (err) {
      if ((err as { name?: string }).name !== 'TypeNotFoundException') throw err;
      problems.push({
        problem: `[${environment}] ${type} is not available in ${region}'s CloudFormation registry (used by ${[...new Set([...props.values()].flat())].join(', ')}).`,
        fix: `deploy to a region that offers ${type}, or leave out the feature that needs it.`,
      });
      continue;
    }
    const known = new Set(Object.keys(schema.properties ?? {}));
    for (const [name, logicalIds] of props) {
      if (known.has(name)) continue;
      problems.push({
        problem: `[${environment}] ${type}.${name} (on ${logicalIds.join(', ')}) is not in ${region}'s schema for ${type}: CloudFormation would reject the template.`,
        fix: `check \`aws cloudformation describe-type --type RESOURCE --type-name ${type} --region ${region}\`; until the region has ${name}, remove the construct option that sets it (tags: exclude the type with Tags.of(…).add(…, { excludeResourceTypes: ['${type}'] })).`,
      });
    }
  }
  return verdict(SCHEMAS_CHECK.id, SCHEMAS_CHECK.title, problems, [
    `${used.size} resource types, ${[...used.values()].reduce((n, p) => n + p.size, 0)} property names checked against ${region}.`,
  ]);
}
