/**
 * The pre-scaler's contract: everything the `PreScaler` construct (lib/) and the function must agree
 * on, in one place both import. Environment variables and the calendar file with their encoders and
 * decoders, metric names, the fixed log messages, the invocation event and the act window of a run. It imports only the pure core
 * (and zod): no SDK, no CDK, no config.
 */
export * from './calendar-file';
export * from './environment';
export * from './invocation-event';
export * from './log-messages';
export * from './metrics';
export * from './run-slot';
export * from './runtime-config';
export * from './surge-tags';
