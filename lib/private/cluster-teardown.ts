import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DatabaseConfig } from '../../config/schema/database';

/**
 * Gives everything a kept cluster needs the cluster's own fate, so a stack deletion never half-removes it.
 *
 * - `retain`: the cluster and what it cannot run without (its instances, subnet group, parameter
 *   group, security group, master secret, Enhanced Monitoring role) are `RetainExceptOnCreate`: kept on
 *   delete and replacement, but removed when the first create fails, so the retry does not fail on
 *   fixed names (cluster, instance and secret identifiers) that "already exist".
 * - `snapshot` with deletion protection: CloudFormation cannot delete the cluster, so it must not delete
 *   its instances first either (that would leave a protected cluster with no instance). The instances are
 *   kept; turn deletion protection off and deploy before a real teardown (docs/teardown.md).
 * - otherwise the L2 defaults apply (instances follow the cluster; a snapshot needs only the key, which
 *   is kept).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 */
export function applyClusterTeardownPolicy(
  db: Pick<DatabaseConfig, 'removalPolicy' | 'deletionProtection'>,
  parts: { readonly cluster: IConstruct; readonly instances: readonly IConstruct[]; readonly dependencies: readonly IConstruct[] },
): void {
  if (db.removalPolicy === 'retain') {
    for (const part of [parts.cluster, ...parts.instances, ...parts.dependencies]) keep(part);
  } else if (db.removalPolicy === 'snapshot' && db.deletionProtection) {
    for (const instance of parts.instances) keep(instance);
  }
}

function keep(construct: IConstruct): void {
  const resource = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  if (!CfnResource.isCfnResource(resource)) throw new Error(`${construct.node.path} has no CloudFormation resource to retain`);
  resource.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
}
