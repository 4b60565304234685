/** The pre-scaler's pure core: no AWS SDK, no CDK. Bundled into the Lambda. */
export * from './action';
export * from './calendar-document';
export * from './campaign';
export * from './campaign-schema';
export * from './cluster-roles';
export * from './desired-state';
export * from './dst-gaps';
export * from './format';
export * from './low-traffic-window';
export * from './observation';
export * from './planner';
export * from './port';
export * from './readiness';
export * from './settings';
export * from './windows';
export * from './step-durations';
