import type { EndpointRole } from '../types';

/**
 * What the engine drives: a list of statements, each a transaction of its own, with a weight, the
 * endpoint it goes to and a generator for its parameter values. The built-in shop workload
 * (`shop-workload.ts`) and a workload file (`workload-file.ts`) both produce one.
 */
export interface WorkloadStatement {
  /** Unique name, shown in the report (`productRead`, `search-by-category`, …). */
  readonly name: string;
  /** One SQL statement with `$1`, `$2`… placeholders, sent as an unnamed prepared statement. */
  readonly text: string;
  /** `reader`: the read-only endpoint; `writer`: the read/write endpoint. */
  readonly endpoint: EndpointRole;
  /** Relative weight: the statement's share of transactions is its weight over the sum of all weights. */
  readonly weight: number;
  /** Fresh parameter values for one execution, in `$n` order. */
  readonly values: (random: () => number) => readonly unknown[];
  /**
   * What a statement that affects no row means. `out-of-stock`: a business outcome counted apart (an
   * order that found too little stock), not an error. @default - nothing special
   */
  readonly zeroRowsMeans?: 'out-of-stock';
}

/** A workload and where it came from, for the report. */
export interface Workload {
  readonly statements: readonly WorkloadStatement[];
  /** `built-in shop workload`, or the workload file's path and mode. */
  readonly description: string;
  /** True when the built-in shop transactions are part of it (the data check then applies). */
  readonly includesShop: boolean;
}

/** Share of the transactions that go to the read-only endpoint. */
export function readShareOf(statements: readonly WorkloadStatement[]): number {
  const total = statements.reduce((sum, s) => sum + s.weight, 0);
  const reads = statements.filter((s) => s.endpoint === 'reader').reduce((sum, s) => sum + s.weight, 0);
  return total > 0 ? reads / total : 0;
}
