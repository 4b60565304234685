#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { environmentNames, loadConfig } from '../config';
import { loadCalendar } from '../config/load-calendar';
import { AuroraSurgeStack, stackNameFor } from '../lib/aurora-surge-stack';
import { addSecurityChecks } from '../lib/security-checks';

/**
 * Synthesizes one stack per committed environment (`AuroraSurge-dev`, `-staging`, `-prod`).
 * Deploy one with `npx cdk deploy AuroraSurge-<env>`. Config is validated here, once, before any
 * construct is created: an invalid environment stops the synth with every problem listed.
 *
 * The clock is read here and only here: it decides which calendar warnings are shown (entries to
 * prune, campaigns inside their lead time) and which campaigns the dashboard draws (the last 7 and the
 * next 90 days, so the template does not grow with the calendar's history). Nothing else in the
 * templates depends on it; docs/monitoring.md says why the dashboard does.
 */
const app = new App();
const now = new Date();
for (const name of environmentNames()) {
  const config = loadConfig(name);
  new AuroraSurgeStack(app, stackNameFor(name), { config, calendar: loadCalendar(config, { now }), now });
}
addSecurityChecks(app);
app.synth();
