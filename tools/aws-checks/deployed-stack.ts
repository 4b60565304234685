import { type CloudFormationClient, DescribeStacksCommand, paginateListStackResources, type Stack } from '@aws-sdk/client-cloudformation';

/** One resource of a deployed stack. */
export interface DeployedResource {
  readonly logicalId: string;
  /** The name or ARN CloudFormation gave it (an alarm's name, a topic's ARN, a proxy's name…). */
  readonly physicalId: string;
  /** `AWS::RDS::DBCluster`, … */
  readonly type: string;
}

/** A stack as CloudFormation reports it. */
export interface DeployedStack {
  readonly name: string;
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly resources: readonly DeployedResource[];
}

/** `DescribeStacks` answers a missing stack with a ValidationError that says so. */
function isStackMissing(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  return e?.name === 'ValidationError' && /does not exist/.test(e.message ?? '');
}

/**
 * The deployed stack, its outputs and resources, or `undefined` when there is none.
 *
 * Resources come from `ListStackResources`, paginated: `DescribeStackResources` returns at most 100
 * resources, and this stack has more (every alarm is one).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html
 */
export async function describeDeployedStack(cfn: CloudFormationClient, stackName: string): Promise<DeployedStack | undefined> {
  let stack: Stack | undefined;
  try {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (err) {
    if (isStackMissing(err)) return undefined;
    throw err;
  }
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
  const outputs: Record<string, string> = {};
  for (const o of stack.Outputs ?? []) if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
  const resources: DeployedResource[] = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackName })) {
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.LogicalResourceId && r.PhysicalResourceId && r.ResourceType)
        resources.push({ logicalId: r.LogicalResourceId, physicalId: r.PhysicalResourceId, type: r.ResourceType });
    }
  }
  return { name: stackName, status: stack.StackStatus ?? 'UNKNOWN', outputs, resources };
}

/** The physical ids of a stack's resources of one type. */
export function physicalIdsOf(stack: DeployedStack, type: string): string[] {
  return stack.resources.filter((r) => r.type === type).map((r) => r.physicalId);
}
