import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CloudFormationValidatePlugin, type PolicyViolation } from 'aws-cdk-lib';
import { environmentNames, loadConfig } from '../../config';
import { stackNameFor } from '../../lib/aurora-surge-stack';
import { committedEnvironmentTemplate } from '../helpers/committed-environment-templates';

/**
 * CDK's built-in CloudFormation validation (resource schemas and default rules), run on every committed
 * environment's template as a gate: `npm run synth` and the other tests skip it for speed. Here an
 * error fails the build, and the only warning allowed is the one the stack acknowledges on purpose.
 *
 * The templates are the run's shared ones (test/helpers/committed-environment-templates.ts: the same
 * JSON `Template.fromStack` reads from the synthesized assembly), and all of them go through one
 * `validate` call: the plugin builds its rule engine once for the resource types of all templates
 * (seconds each time) instead of once per environment: its engines "are expensive to construct (rules
 * compile once) and cheap to reuse".
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-validate.html
 * @see https://github.com/aws-cloudformation/cloudformation-validate
 */
const ACKNOWLEDGED_WARNINGS: Record<string, string> = {
  // Zones are named in config so synth needs no look-up (acknowledged in lib/database-network.ts).
  W3010: 'AvailabilityZone: Avoid hardcoding availability zones',
};

const names = environmentNames();
let dir: string;
const templatePaths = new Map<string, string>();
let violations: readonly PolicyViolation[];
// One plugin for the file: its engine, built for the committed templates' resource types, serves the probe too.
const plugin = new CloudFormationValidatePlugin();
// The plugin reads the templates from disk; the app it is given is not walked for these checks.
const appConstruct = new App();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-surge-cfn-validate-'));
  for (const name of names) {
    const file = path.join(dir, `${stackNameFor(name)}.template.json`);
    fs.writeFileSync(file, JSON.stringify(committedEnvironmentTemplate(name).toJSON()));
    templatePaths.set(name, file);
  }
  const report = plugin.validate({
    appConstruct,
    templatePaths: [...templatePaths.values()],
    stackTemplates: names.map((name) => {
      const config = loadConfig(name);
      return {
        templatePath: templatePaths.get(name)!,
        stackConstructPath: stackNameFor(name),
        accountId: config.account,
        region: config.region,
      };
    }),
  });
  violations = report.violations;
});

afterAll(() => {
  plugin._dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the validation really runs: a template with an unknown property fails it, the finding naming the template', () => {
  const probe = path.join(dir, 'Probe.template.json');
  fs.writeFileSync(probe, JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { NoSuchProperty: 1 } } } }));
  const report = plugin.validate({
    appConstruct,
    templatePaths: [probe],
    stackTemplates: [{ templatePath: probe, stackConstructPath: 'Probe', accountId: '111111111111', region: 'eu-west-1' }],
  });
  expect(report.success).toBe(false);
  // Each finding names its template, which is how the tests below tell the environments apart.
  const onTopic = report.violations.filter(
    (v) => v.severity === 'error' && v.violatingResources.some((r) => r.resourceLogicalId === 'Topic' && r.templatePath === probe),
  );
  expect(onTopic).not.toEqual([]);
});

test.each(names)('%s: the template passes CloudFormation validation', (name) => {
  const templatePath = templatePaths.get(name);
  const findings = violations
    .filter(
      (v) =>
        !(v.ruleName in ACKNOWLEDGED_WARNINGS && v.severity === 'warning' && v.description.startsWith(ACKNOWLEDGED_WARNINGS[v.ruleName]!)),
    )
    .flatMap((v) => {
      // One violation lists every resource (of every template) that breaks the same rule the same way.
      const here = v.violatingResources.filter((r) => r.templatePath === templatePath).map((r) => r.resourceLogicalId);
      return here.length > 0 ? [`${v.severity} ${v.ruleName}: ${v.description} (${here.join(', ')})`] : [];
    });
  expect(findings).toEqual([]);
});
