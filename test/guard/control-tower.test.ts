import { Template } from 'aws-cdk-lib/assertions';
import { type EnvironmentConfig, type EnvironmentInput, validateEnvironment } from '../../config';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildStack, testApp } from '../helpers/synth';
import * as fs from 'node:fs';
import {
  allRuleFiles,
  applicableRuleFiles,
  controlTowerFailures,
  type GuardFailure,
  rulesNotGuardedByType,
  unguardedRules,
} from './cfn-guard';
import { CONTROL_TOWER_EXCEPTIONS } from '../../lib/compliance/control-tower-exceptions';
import { existingClusterEnvironment } from '../helpers/existing-environment';
import { PROD_SHAPED, STAGING_SHAPED, withFunctionsInVpc } from './fixtures';

// AWS Control Tower proactive controls run as CloudFormation hooks in organizations that enable them:
// a stack that fails one is rejected at deploy. These tests run the rules AWS ships for CDK
// (@cdklabs/cdk-validator-cfnguard) with its cfn-guard binary on the synthesized templates.
// @see https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html

const NO_CALENDAR = { campaigns: [], inputs: [], warnings: [] };

const ENVIRONMENTS: Readonly<Record<string, EnvironmentInput>> = {
  staging: STAGING_SHAPED,
  prod: PROD_SHAPED,
  prodFunctionsInVpc: withFunctionsInVpc(PROD_SHAPED),
  // Around an existing cluster (database.kind 'existing'): docs/adopt-existing-cluster.md.
  existing: existingClusterEnvironment(),
};

let configs: Record<string, EnvironmentConfig>;
let failures: GuardFailure[];
let nagFindings: Record<string, string[]>;
let templates: Record<string, { Resources: Record<string, { Type: string; DeletionPolicy?: string }> }>;

beforeAll(() => {
  configs = Object.fromEntries(Object.entries(ENVIRONMENTS).map(([name, input]) => [name, validateEnvironment(input)]));
  const stacks = Object.fromEntries(
    Object.entries(configs).map(([name, config]) => {
      const app = testApp();
      return [name, { app, stack: buildStack(config, { app, calendar: NO_CALENDAR }) }];
    }),
  );
  templates = Object.fromEntries(Object.entries(stacks).map(([name, { stack }]) => [name, Template.fromStack(stack).toJSON() as never]));
  nagFindings = Object.fromEntries(
    Object.entries(stacks).map(([name, { app, stack }]) => [
      name,
      new AwsSolutionsChecks(app).validateScope(stack).violations.map((v) => `${v.ruleName}: ${v.description}`),
    ]),
  );
  // One cfn-guard run for all templates, with the rule files that can apply to them (cfn-guard.ts).
  failures = controlTowerFailures(templates);
});

function describeFailure(f: GuardFailure): string {
  return `${f.control} (${f.rule}) on ${f.resources.join(', ')}`;
}

test.each(Object.keys(ENVIRONMENTS))('%s fails no Control Tower control but its documented exceptions', (name) => {
  const config = configs[name] as EnvironmentConfig;
  const unexpected = failures
    .filter((f) => f.template === name)
    .filter((f) => !CONTROL_TOWER_EXCEPTIONS.some((e) => e.rule === f.rule && e.appliesTo(config)))
    .map(describeFailure);
  expect(unexpected).toEqual([]);
});

test('with the functions inside the VPC (and their endpoints), prod fails no control at all and cdk-nag finds nothing', () => {
  const inVpc = failures.filter((f) => f.template === 'prodFunctionsInVpc').map(describeFailure);
  expect(inVpc).toEqual([]);
  expect(nagFindings.prodFunctionsInVpc).toEqual([]);
});

test('each exception is still needed: the default staging and prod fail exactly its rule, on Lambda functions only', () => {
  for (const exception of CONTROL_TOWER_EXCEPTIONS) {
    for (const name of ['staging', 'prod']) {
      const hits = failures.filter((f) => f.template === name && f.rule === exception.rule);
      expect(hits.map((h) => h.control)).toEqual([exception.control]);
      expect(exception.appliesTo(configs[name] as EnvironmentConfig)).toBe(true);
    }
  }
});

test('the rules really run: a template with a short-lived, unencrypted log group fails CT.CLOUDWATCH.PR.2 and PR.3', () => {
  const template = {
    Resources: { Short: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } },
  };
  const found = controlTowerFailures({ probe: template }).map((f) => f.control);
  expect(found).toEqual(expect.arrayContaining(['CT.CLOUDWATCH.PR.2', 'CT.CLOUDWATCH.PR.3']));
});

test('leaving out the rule files that name no resource type of the templates is safe: each control checks a template only when it holds a resource of a type its file names', () => {
  expect(rulesNotGuardedByType()).toEqual([]);
  // The check finds a rule that would fail a template without topics (its filter selects nothing, no `when`).
  const planted =
    "let topics = Resources.*[ Type == 'AWS::SNS::Topic' ]\nrule topics_encrypted when is_cfn_template(%INPUT_DOCUMENT) {\n  %topics.Properties.KmsMasterKeyId exists\n}\n";
  expect(unguardedRules('planted.guard', planted)).toEqual(['planted.guard: topics_encrypted when is_cfn_template(%INPUT_DOCUMENT)']);
  // A template with only a log group gets the files that name that type, and not the others.
  const forLogGroup = applicableRuleFiles({ probe: { Resources: { Short: { Type: 'AWS::Logs::LogGroup' } } } });
  expect(forLogGroup.length).toBeGreaterThan(0);
  expect(forLogGroup.length).toBeLessThan(allRuleFiles().length);
  for (const file of forLogGroup) expect(fs.readFileSync(file, 'utf8')).toContain('AWS::Logs::LogGroup');
});

// Teardown consistency: a stack deletion must never half-remove a cluster it keeps (docs/teardown.md).
function policiesOf(name: string, type: string): string[] {
  const resources = Object.values(templates[name]?.Resources ?? {});
  return resources.filter((r) => r.Type === type).map((r) => r.DeletionPolicy ?? 'Delete');
}

test('prod (cluster retained): everything the cluster needs is retained with it, except on a failed first create', () => {
  for (const type of [
    'AWS::RDS::DBCluster',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBSubnetGroup',
    'AWS::RDS::DBClusterParameterGroup',
    'AWS::SecretsManager::Secret',
    'AWS::SecretsManager::SecretTargetAttachment',
  ]) {
    expect({ type, policies: [...new Set(policiesOf('prod', type))] }).toEqual({ type, policies: ['RetainExceptOnCreate'] });
  }
});

test('staging (snapshot, deletion-protected): a stack deletion cannot delete the instances ahead of the protected cluster', () => {
  expect(policiesOf('staging', 'AWS::RDS::DBCluster')).toEqual(['Snapshot']);
  expect([...new Set(policiesOf('staging', 'AWS::RDS::DBInstance'))]).toEqual(['RetainExceptOnCreate']);
});

test('no fixed-name resource is plain Retain: a failed first create must not block the retry', () => {
  for (const name of Object.keys(templates)) {
    const plainRetain = Object.entries(templates[name]?.Resources ?? {})
      .filter(([, r]) => r.DeletionPolicy === 'Retain' && r.Type !== 'AWS::KMS::Key')
      .map(([id, r]) => `${name}: ${id} (${r.Type})`);
    expect(plainRetain).toEqual([]);
  }
});

// Deploy findings the review made on the same templates.
type AnyResource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] };
function resourcesOfType(name: string, type: string): Array<[string, AnyResource]> {
  return Object.entries((templates[name]?.Resources ?? {}) as Record<string, AnyResource>).filter(([, r]) => r.Type === type);
}

test('secret rotation reaches Secrets Manager at its regional name (private DNS), not an undocumented vpce URL', () => {
  for (const name of ['staging', 'prod']) {
    const [[, app] = ['', { Type: '' }]] = resourcesOfType(name, 'AWS::Serverless::Application');
    expect(JSON.stringify(app.Properties?.Parameters)).toContain('"https://secretsmanager.eu-west-1."');
    expect(JSON.stringify(app.Properties?.Parameters)).not.toContain('vpce');
  }
});

test("a failed rotation of the master secret raises a warning alarm on the rotation function's errors", () => {
  const alarms = resourcesOfType('staging', 'AWS::CloudWatch::Alarm').filter(
    ([, r]) => r.Properties?.AlarmName === 'aurora-surge-guardstage-secret-rotation-errors-warning',
  );
  expect(alarms).toHaveLength(1);
  const [[, alarm] = ['', { Type: '' }]] = alarms;
  expect(alarm.Properties).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1 });
  expect((alarm.Properties?.AlarmActions as unknown[] | undefined)?.length).toBe(1);
});

test('the READ_ONLY proxy endpoint is created after the proxy target group that registers the cluster', () => {
  const [[groupId] = ['']] = resourcesOfType('staging', 'AWS::RDS::DBProxyTargetGroup');
  const endpoints = resourcesOfType('staging', 'AWS::RDS::DBProxyEndpoint');
  expect(endpoints).toHaveLength(1);
  expect(endpoints[0]?.[1].DependsOn ?? []).toContain(groupId);
});
