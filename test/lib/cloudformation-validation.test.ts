import { CloudFormationValidatePlugin } from 'aws-cdk-lib';
import { environmentNames, loadConfig } from '../../config';
import { buildStack, testApp } from '../helpers/synth';

/**
 * CDK's built-in CloudFormation validation (resource schemas and default rules), run once per
 * environment as a gate: `npm run synth` and the other tests skip it for speed, and at synth it would
 * only print warnings. Here an error fails the build, and the only warning allowed is the one the
 * stack acknowledges on purpose.
 */
const ACKNOWLEDGED_WARNINGS: Record<string, string> = {
  // Zones are named in config so synth needs no look-up (acknowledged in lib/database-network.ts).
  W3010: 'AvailabilityZone: Avoid hardcoding availability zones',
};

test.each(environmentNames())('%s: the template passes CloudFormation validation', (name) => {
  const app = testApp();
  const stack = buildStack(loadConfig(name), { app });
  const templatePath = app.synth().getStackByName(stack.stackName).templateFullPath;

  const report = new CloudFormationValidatePlugin().validate({
    templatePaths: [templatePath],
    stackTemplates: [{ templatePath, stackConstructPath: stack.node.path, accountId: stack.account, region: stack.region }],
    appConstruct: app,
  });

  const findings = report.violations
    .filter(
      (v) =>
        !(v.ruleName in ACKNOWLEDGED_WARNINGS && v.severity === 'warning' && v.description.startsWith(ACKNOWLEDGED_WARNINGS[v.ruleName]!)),
    )
    .map((v) => `${v.severity} ${v.ruleName}: ${v.description} (${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')})`);
  expect(findings).toEqual([]);
});
