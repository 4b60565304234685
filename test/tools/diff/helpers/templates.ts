import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnDBCluster, CfnDBSubnetGroup } from 'aws-cdk-lib/aws-rds';
import { validateEnvironment, type EnvironmentConfig, type EnvironmentInput } from '../../../../config';
import { dev } from '../../../../config/environments/dev';
import { prod } from '../../../../config/environments/prod';
import { DatabaseNetwork } from '../../../../lib/database-network';
import { AuroraSurgeStack, stackNameFor } from '../../../../lib/aurora-surge-stack';
import type { CfnTemplate } from '../../../../tools/diff/classify';
import { cdkJsonContext, TEST_NOW } from '../../../helpers/synth';

/**
 * A test app with cdk.json's feature flags and construct paths in the template, as `cdk synth` writes
 * them. Lambda bundling is skipped (asset hashes then stay put): these tests are about the database,
 * and bundling would cost about a second per synth.
 */
function appWithPaths(): App {
  return new App({ context: { ...cdkJsonContext(), 'aws:cdk:enable-path-metadata': true, 'aws:cdk:bundling-stacks': [] } });
}

export const devInput: EnvironmentInput = dev;
export const prodInput: EnvironmentInput = prod;

/** An environment's config with a change applied to its input, validated as `loadConfig` would. */
export function configWith(input: EnvironmentInput, change: (input: EnvironmentInput) => EnvironmentInput = (i) => i): EnvironmentConfig {
  return validateEnvironment(change(structuredClone(input)));
}

/** The synthesized template of the real stack, optionally edited after construction the way a code change in lib/ would. */
export function synthStack(config: EnvironmentConfig, edit?: (stack: AuroraSurgeStack) => void): CfnTemplate {
  const stack = new AuroraSurgeStack(appWithPaths(), stackNameFor(config.name), { config, now: TEST_NOW });
  edit?.(stack);
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

/** The same stack with the database taken out of the app (only the network is left). */
export function synthWithoutDatabase(config: EnvironmentConfig): CfnTemplate {
  const stack = new Stack(appWithPaths(), stackNameFor(config.name), { env: { account: config.account, region: config.region } });
  Object.defineProperty(stack, 'availabilityZones', { get: () => [...(config.network.availabilityZones ?? [])] });
  new DatabaseNetwork(stack, 'Network', { network: config.network });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

/** Code edits that replace resources, as a refactor of lib/ could. */
export const edits = {
  storageEncryptionOff: (stack: AuroraSurgeStack) => {
    const cluster = stack.database.cluster.node.defaultChild as CfnDBCluster;
    cluster.storageEncrypted = false;
    cluster.kmsKeyId = undefined;
  },
  subnetGroupRenamed: (stack: AuroraSurgeStack) => {
    const subnetGroup = stack.database.cluster.node.findChild('Subnets').node.defaultChild as CfnDBSubnetGroup;
    subnetGroup.dbSubnetGroupName = 'aurora-surge-dev-db-subnets-v2';
  },
};
