import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { PRE_SCALER_DIMENSION, PRE_SCALER_NAMESPACE } from '../../lib/monitoring/pre-scaler-metrics';
import { createPreScalerClients } from './adapters/aws-clients';
import { AwsClusterPort } from './adapters/aws-cluster-port';
import { createPreScalerHandler, type LoadedConfiguration } from './pre-scaler-handler';
import { decodePreScalerEnvironment, PreScalerEnvironmentError } from './runtime-environment';

/**
 * The pre-scaler Lambda. Everything below runs once per cold start: the environment variables are
 * read and validated, the SDK clients, logger and metrics are created; each invocation then runs one
 * reconcile pass (see `pre-scaler-handler.ts`). Nothing is kept between invocations but these.
 */
const SERVICE = 'pre-scaler';

function loadConfiguration(): LoadedConfiguration {
  try {
    const config = decodePreScalerEnvironment(process.env);
    return { ok: true, config, port: new AwsClusterPort(createPreScalerClients(), config.clusterIdentifier) };
  } catch (err) {
    if (err instanceof PreScalerEnvironmentError) return { ok: false, error: err };
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
