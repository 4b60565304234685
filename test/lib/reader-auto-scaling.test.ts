import { Match } from 'aws-cdk-lib/assertions';
import { environmentNames, loadConfig, validateEnvironment } from '../../config';
import { staging } from '../../config/environments/staging';
import { committedEnvironmentTemplate } from '../helpers/committed-environment-templates';
import { synthTemplate } from '../helpers/synth';

describe.each(environmentNames())('%s: reader autoscaling', (name) => {
  const config = loadConfig(name);
  const template = committedEnvironmentTemplate(name);
  const a = config.readerAutoScaling;

  test("targets the cluster's replica count with the configured range, through the RDS service-linked role", () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'rds',
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      ResourceId: `cluster:aurora-surge-${name}`,
      MinCapacity: a.minReplicas,
      MaxCapacity: a.maxReplicas,
      RoleARN: Match.stringLikeRegexp(
        'role/aws-service-role/rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster$',
      ),
    });
  });

  test.each([
    ['RDSReaderAverageCPUUtilization', () => a.targetCpuPercent],
    ['RDSReaderAverageDatabaseConnections', () => a.targetConnectionsPerReader],
  ])('tracks %s with a short scale-out and a long scale-in cooldown', (metric, target) => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: metric },
        TargetValue: target(),
        ScaleOutCooldown: a.scaleOutCooldownSeconds,
        ScaleInCooldown: a.scaleInCooldownSeconds,
        DisableScaleIn: a.disableScaleIn,
      },
    });
    expect(a.scaleInCooldownSeconds).toBeGreaterThan(a.scaleOutCooldownSeconds);
  });

  test('is registered only after the cluster and its instances exist', () => {
    const [target] = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget')) as any[];
    const instances = Object.keys(template.findResources('AWS::RDS::DBInstance'));
    const [cluster] = Object.keys(template.findResources('AWS::RDS::DBCluster'));
    expect(target.DependsOn).toEqual(expect.arrayContaining([cluster, ...instances]));
  });
});

test('scale-in can be switched off', () => {
  const config = validateEnvironment({ ...staging, readerAutoScaling: { ...staging.readerAutoScaling, disableScaleIn: true } });
  const policies = Object.values(synthTemplate(config).findResources('AWS::ApplicationAutoScaling::ScalingPolicy')) as any[];
  expect(policies).toHaveLength(2);
  for (const p of policies) expect(p.Properties.TargetTrackingScalingPolicyConfiguration.DisableScaleIn).toBe(true);
});
