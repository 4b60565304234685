/**
 * The pre-scaler's metric names, namespace and dimension. They are defined once, in the function's
 * contract module (`lambda/pre-scaler/contract/metrics.ts`), which the Lambda bundles; the dashboard
 * and alarms read them from there.
 */
export {
  PRE_SCALER_DIMENSION,
  PRE_SCALER_METRICS,
  PRE_SCALER_NAMESPACE,
  type PreScalerMetricName,
} from '../../lambda/pre-scaler/contract/metrics';
