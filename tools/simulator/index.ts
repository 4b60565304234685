/** A simulated Aurora cluster and a driver that runs the pre-scaler against it over simulated time. Not bundled into the Lambda. */
export * from './aurora-cluster-model';
export * from './clock';
export * from './cluster-fixture';
export * from './durations';
export * from './faults';
export * from './run-simulation';
export * from './simulated-cluster-port';
export * from './traffic-model';
export * from './outage-scenario';
