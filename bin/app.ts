#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { environmentNames, loadConfig } from '../config';
import { AuroraSurgeStack, stackNameFor } from '../lib/aurora-surge-stack';
import { addSecurityChecks } from '../lib/security-checks';

/**
 * Synthesizes one stack per committed environment (`AuroraSurge-dev`, `-staging`, `-prod`).
 * Deploy one with `npx cdk deploy AuroraSurge-<env>`. Config is validated here, once, before any
 * construct is created: an invalid environment stops the synth with every problem listed.
 */
const app = new App();
for (const name of environmentNames()) {
  const config = loadConfig(name);
  new AuroraSurgeStack(app, stackNameFor(name), { config });
}
addSecurityChecks(app);
app.synth();
