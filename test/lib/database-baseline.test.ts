import { Match, type Template } from 'aws-cdk-lib/assertions';
import { environmentNames, loadConfig, validateEnvironment } from '../../config';
import { dev } from '../../config/environments/dev';
import { committedEnvironmentTemplate } from '../helpers/committed-environment-templates';
import { synthTemplate } from '../helpers/synth';

function only(
  template: Template,
  type: string,
): { id: string; resource: { Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string } } {
  const resources = template.findResources(type);
  const ids = Object.keys(resources);
  expect(ids).toHaveLength(1);
  return { id: ids[0]!, resource: resources[ids[0]!] as any };
}

/** The key the cluster's storage is encrypted with (the stack has others, e.g. for alarm topics). */
function databaseKey(template: Template): { id: string; resource: { Properties: Record<string, any>; DeletionPolicy?: string } } {
  const cluster = only(template, 'AWS::RDS::DBCluster');
  const id = cluster.resource.Properties.KmsKeyId['Fn::GetAtt'][0];
  return { id, resource: template.toJSON().Resources[id] };
}

describe.each(environmentNames())('%s: database security baseline', (name) => {
  const config = loadConfig(name);
  const template = committedEnvironmentTemplate(name);
  const cluster = only(template, 'AWS::RDS::DBCluster');
  const key = databaseKey(template);

  test("storage is encrypted with the stack's customer-managed key, which rotates", () => {
    expect(cluster.resource.Properties.StorageEncrypted).toBe(true);
    expect(cluster.resource.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
    expect(key.resource.Properties.EnableKeyRotation).toBe(true);
  });

  test('Performance Insights is on and encrypted with the same key', () => {
    expect(cluster.resource.Properties.PerformanceInsightsEnabled).toBe(true);
    expect(cluster.resource.Properties.PerformanceInsightsKmsKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
    expect(cluster.resource.Properties.PerformanceInsightsRetentionPeriod).toBe(config.database.performanceInsightsRetentionDays);
  });

  test('IAM database authentication is on', () => {
    expect(cluster.resource.Properties.EnableIAMDatabaseAuthentication).toBe(true);
  });

  test('no instance is publicly accessible; Enhanced Monitoring runs at the configured interval', () => {
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance'));
    expect(instances).toHaveLength(1 + config.database.fixedReaders.length);
    for (const instance of instances) {
      expect(instance.Properties.PubliclyAccessible).toBe(false);
      expect(instance.Properties.MonitoringInterval).toBe(config.database.enhancedMonitoringIntervalSeconds);
    }
  });

  test('database logs are exported to log groups with the configured retention', () => {
    expect(cluster.resource.Properties.EnableCloudwatchLogsExports).toEqual(['postgresql']);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/rds/cluster/aurora-surge-${name}/postgresql`,
      RetentionInDays: config.database.logRetentionDays,
    });
  });

  test('slow queries are logged at the configured threshold and pg_stat_statements is loaded', () => {
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({
        log_min_duration_statement: String(config.database.slowQueryThresholdMs),
        shared_preload_libraries: 'pg_stat_statements',
        'rds.force_ssl': '1',
      }),
    });
  });

  test('the master secret is encrypted with the key and rotated on schedule', () => {
    const secret = only(template, 'AWS::SecretsManager::Secret');
    expect(secret.resource.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
    const attachment = only(template, 'AWS::SecretsManager::SecretTargetAttachment');
    expect(attachment.resource.Properties.SecretId).toEqual({ Ref: secret.id });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: attachment.id },
      RotationRules: { ScheduleExpression: `rate(${config.database.secretRotationDays} days)` },
    });
  });

  test('the rotation function reaches Secrets Manager through an interface endpoint (no NAT in isolated subnets)', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: Match.stringLikeRegexp('secretsmanager'),
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
    });
  });

  test('instances update one at a time and tags reach snapshots', () => {
    expect(cluster.resource.Properties.CopyTagsToSnapshot).toBe(true);
    const instances = template.findResources('AWS::RDS::DBInstance');
    const dependsOnAnotherInstance = Object.values(instances).filter((i: any) => (i.DependsOn ?? []).some((d: string) => d in instances));
    expect(dependsOnAnotherInstance.length).toBe(Object.keys(instances).length - 1);
  });

  test('the cluster carries the cost-allocation tags', () => {
    expect(cluster.resource.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'Environment', Value: config.tags.environment },
        { Key: 'CostCentre', Value: config.tags.costCentre },
        { Key: 'Owner', Value: config.tags.owner },
      ]),
    );
  });

  test('outputs name the cluster and its secret', () => {
    template.hasOutput('ClusterIdentifier', { Value: `aurora-surge-${name}` });
    template.hasOutput('SecretArn', {});
  });
});

describe('deletion safety follows the environment', () => {
  test.each([
    ['dev', false, 'Delete', 'Delete'],
    ['staging', true, 'Snapshot', 'Snapshot'],
    ['prod', true, 'RetainExceptOnCreate', 'Retain'],
  ])('%s: deletion protection %s, cluster DeletionPolicy %s', (name, protection, policy, replacePolicy) => {
    const template = committedEnvironmentTemplate(name);
    const cluster = only(template, 'AWS::RDS::DBCluster');
    expect(cluster.resource.Properties.DeletionProtection).toBe(protection);
    expect(cluster.resource.DeletionPolicy).toBe(policy);
    expect(cluster.resource.UpdateReplacePolicy).toBe(replacePolicy);
  });

  test('prod keeps its key when the stack goes', () => {
    const key = databaseKey(committedEnvironmentTemplate('prod'));
    expect(key.resource.DeletionPolicy).toBe('Retain');
  });
});

describe('writer kinds', () => {
  test('dev runs a Serverless v2 writer within its ACU range, and its tier-0 reader follows the writer', () => {
    const template = committedEnvironmentTemplate('dev');
    template.hasResourceProperties('AWS::RDS::DBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 } });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.serverless',
      DBInstanceIdentifier: 'aurora-surge-dev-standby',
      PromotionTier: 1,
    });
  });

  test('prod runs a provisioned writer and a same-class tier-0 standby', () => {
    const template = committedEnvironmentTemplate('prod');
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: 'aurora-surge-prod-instance-1',
      DBInstanceClass: 'db.r6g.xlarge',
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: 'aurora-surge-prod-standby',
      DBInstanceClass: 'db.r6g.xlarge',
      PromotionTier: 0,
    });
  });

  test('Aurora MySQL gets slow-query, audit and TLS settings and exports its logs', () => {
    const config = validateEnvironment({ ...dev, database: { ...dev.database, engine: 'aurora-mysql', engineVersion: '3.08.0' } });
    const template = synthTemplate(config);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.08.0',
      EnableCloudwatchLogsExports: ['error', 'slowquery', 'audit'],
    });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-mysql8.0',
      Parameters: Match.objectLike({
        slow_query_log: '1',
        long_query_time: '0.5',
        require_secure_transport: 'ON',
        server_audit_logging: '1',
      }),
    });
    // Audit logs outlive even a destroyable environment.
    const audit = template.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/rds/cluster/aurora-surge-dev/audit' },
    });
    expect(Object.values(audit)[0]!.DeletionPolicy).toBe('RetainExceptOnCreate');
  });
});
