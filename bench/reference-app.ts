/**
 * The reference for `npm run bench:synth`: a bare CDK app that synthesizes the same three Aurora
 * clusters (same engine, writer kind and readers per environment) and nothing else — no proxy, no
 * monitoring, no pre-scaler, no cdk-nag. aurora-surge's synth is measured against it.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { environmentNames, loadConfig } from '../config';

/** A plain stack whose zones come from config (without this the VPC would look them up). */
class ReferenceStack extends Stack {
  constructor(
    app: App,
    id: string,
    private readonly zones: readonly string[],
    env: { account: string; region: string },
  ) {
    super(app, id, { env });
  }
  override get availabilityZones(): string[] {
    return [...this.zones];
  }
}

const app = new App();
for (const name of environmentNames()) {
  const config = loadConfig(name);
  // The reference builds a new cluster the plain-CDK way; an environment around an existing cluster has none to compare.
  if (config.database.kind === 'existing') continue;
  const stack = new ReferenceStack(app, `Reference-${name}`, config.network.availabilityZones ?? [], {
    account: config.account,
    region: config.region,
  });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: [...(config.network.availabilityZones ?? [])],
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const db = config.database;
  const engine = rds.DatabaseClusterEngine.auroraPostgres({
    version: rds.AuroraPostgresEngineVersion.of(db.engineVersion, db.engineVersion.split('.')[0] ?? db.engineVersion),
  });
  const instance = (id: string) =>
    db.writer.kind === 'provisioned'
      ? rds.ClusterInstance.provisioned(id, { instanceType: new ec2.InstanceType(db.writer.instanceClass.replace(/^db\./, '')) })
      : rds.ClusterInstance.serverlessV2(id);
  new rds.DatabaseCluster(stack, 'Cluster', {
    engine,
    // Vpc implements IVpc; aws-cdk-lib's getter-vs-optional declaration of vpnGatewayId trips exactOptionalPropertyTypes.
    vpc: vpc as ec2.IVpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    writer: instance('Writer'),
    readers: db.fixedReaders.map((r) =>
      db.writer.kind === 'provisioned' ? instance(r.name) : rds.ClusterInstance.serverlessV2(r.name, { scaleWithWriter: true }),
    ),
    ...(db.writer.kind === 'serverless-v2'
      ? { serverlessV2MinCapacity: db.writer.minCapacity, serverlessV2MaxCapacity: db.writer.maxCapacity }
      : {}),
  });
}
app.synth();
