import './zod-jitless';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createPreScalerClients } from './adapters/aws-clients';
import { AwsClusterPort } from './adapters/aws-cluster-port';
import {
  CALENDAR_FILE_NAME,
  loadPreScalerRuntimeConfig,
  PRE_SCALER_DIMENSION,
  PRE_SCALER_NAMESPACE,
  PreScalerConfigurationError,
} from './contract';
import { createPreScalerHandler, type LoadedConfiguration } from './pre-scaler-handler';

/**
 * The pre-scaler Lambda. Everything below runs once per cold start: the environment variables and
 * the calendar file (bundled next to this file, `calendar.json`) are read and validated, the SDK
 * clients, logger and metrics are created; each invocation then runs one reconcile pass (see
 * `pre-scaler-handler.ts`). Nothing is kept between invocations but these.
 */
const SERVICE = 'pre-scaler';

function readCalendarFile(): string | undefined {
  try {
    return fs.readFileSync(path.join(__dirname, CALENDAR_FILE_NAME), 'utf8');
  } catch {
    return undefined; // reported as a missing file, with the fix
  }
}

function loadConfiguration(): LoadedConfiguration {
  try {
    const config = loadPreScalerRuntimeConfig(process.env, readCalendarFile());
    return {
      ok: true,
      config,
      port: new AwsClusterPort(createPreScalerClients(), config.clusterIdentifier, undefined, config.proxyName),
    };
  } catch (err) {
    if (err instanceof PreScalerConfigurationError) return { ok: false, error: err };
    throw err;
  }
}

const configuration = loadConfiguration();
const environment = configuration.ok ? configuration.config.settings.environment : configuration.error.environment;

const logger = new Logger({ serviceName: SERVICE, persistentKeys: { environment } });
const metrics = new Metrics({ namespace: PRE_SCALER_NAMESPACE, serviceName: SERVICE });
// One dimension, Environment: Powertools adds `service` by default, which the alarms do not use.
metrics.clearDefaultDimensions();
metrics.setDefaultDimensions({ [PRE_SCALER_DIMENSION]: environment });

export const handler = createPreScalerHandler({ configuration, logger, metrics });
