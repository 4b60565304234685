import type { DatabaseDriver } from './driver';
import { postgresDriver } from './postgres-driver';

/** Raised when the environment's engine has no rehearsal driver yet. */
export class UnsupportedEngineError extends Error {
  constructor(
    readonly environment: string,
    readonly engine: string,
  ) {
    super(
      `[${environment}] database.engine: "${engine}" cannot be rehearsed yet: the rehearsal tool drives PostgreSQL only (the mysql2 driver is not installed). ` +
        'Fix: rehearse an aurora-postgresql environment, or add a MySQL driver in tools/rehearse/driver/ implementing DatabaseDriver.',
    );
    this.name = 'UnsupportedEngineError';
  }
}

/** The driver for an environment's `database.engine`. */
export function driverForEngine(environment: string, engine: string): DatabaseDriver {
  if (engine === 'aurora-postgresql') return postgresDriver;
  throw new UnsupportedEngineError(environment, engine);
}
