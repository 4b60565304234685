/**
 * Words shared by the rehearsal's modules. Kept apart so the pure parts (profile, verdict, report) import
 * no driver or I/O code.
 */

/** The three kinds of shop transaction the rehearsal drives. */
export const TRANSACTION_KINDS = ['productRead', 'cartWrite', 'orderWrite'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** Which proxy endpoint a connection goes to: `ProxyReadOnlyEndpoint` or `ProxyEndpoint`. */
export type EndpointRole = 'reader' | 'writer';

/** Product reads go to the read-only endpoint; cart and order writes to the read/write endpoint. */
export const ENDPOINT_OF: Readonly<Record<TransactionKind, EndpointRole>> = {
  productRead: 'reader',
  cartWrite: 'writer',
  orderWrite: 'writer',
};

/** Why a transaction failed. `pool-timeout`: it waited longer than `acquireTimeoutMs` for a free connection. */
export const FAILURE_KINDS = ['pool-timeout', 'connection-lost', 'conflict', 'statement-timeout', 'query'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** A level of load: client connections open and transactions started per second. */
export interface LoadLevel {
  readonly connections: number;
  readonly transactionsPerSecond: number;
}

/** The four phases of a rehearsal, in order. */
export const PHASE_NAMES = ['warm-up', 'ramp-up', 'hold', 'ramp-down'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

/** Percentiles of a latency distribution, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}
