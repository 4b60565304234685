#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../config/load-config';
import { formatEnvironmentProblems, loadEnvironments } from '../config/load-environments';
import { AuroraSurgeStack, stackNameFor } from '../lib/aurora-surge-stack';
import { addSecurityChecks } from '../lib/security-checks';

/**
 * Synthesizes one stack per committed environment (`AuroraSurge-dev`, `-staging`, `-prod`).
 * Deploy one with `npx cdk deploy AuroraSurge-<env>`. Config is validated here, once, before any
 * construct is created: when any environment is invalid, every problem of every environment is
 * printed once, under the environment it applies to, and the process exits 1 (no stack trace). A
 * check a construct makes at synth (a `ConfigError`) is printed the same way.
 *
 * The clock is read here and only here: it decides which calendar warnings are shown (entries to
 * prune, campaigns inside their lead time) and which campaigns the dashboard draws (the last 7 and the
 * next 90 days, so the template does not grow with the calendar's history). Nothing else in the
 * templates depends on it; docs/monitoring.md says why the dashboard does.
 */
const now = new Date();
const loaded = loadEnvironments({ now });
if (!loaded.ok) {
  process.stderr.write(formatEnvironmentProblems(loaded.problems));
  process.exitCode = 1;
} else {
  try {
    const app = new App();
    for (const { config, calendar } of loaded.environments) new AuroraSurgeStack(app, stackNameFor(config.name), { config, calendar, now });
    addSecurityChecks(app);
    app.synth();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(formatEnvironmentProblems([{ environment: err.environment, problems: err.problems }]));
    process.exitCode = 1;
  }
}
