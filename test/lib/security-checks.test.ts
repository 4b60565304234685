import { AwsSolutionsChecks } from 'cdk-nag';
import { environmentNames, loadConfig } from '../../config';
import { buildStack, testApp } from '../helpers/synth';

// cdk-nag's AwsSolutions pack must find nothing that is not acknowledged, in every environment.
test.each(environmentNames())('%s has no unacknowledged AwsSolutions finding', (name) => {
  const app = testApp();
  const stack = buildStack(loadConfig(name), { app });
  const report = new AwsSolutionsChecks(app).validateScope(stack);
  const findings = report.violations.map((v) => `${v.ruleName}: ${v.description}`);
  expect(findings).toEqual([]);
});
