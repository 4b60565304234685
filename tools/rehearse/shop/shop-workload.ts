import type { TransactionMix } from '../../../config/schema/rehearsal';
import { ENDPOINT_OF, TRANSACTION_KINDS } from '../types';
import type { WorkloadStatement } from '../workload/workload';
import { transactionStatements } from './shop-sql';
import { paramGenerator } from './transaction-params';

/** Weights of the built-in transactions: the mix in percent, so a workload file's weights read the same. */
export function shopWeight(mix: TransactionMix, kind: keyof TransactionMix): number {
  return Math.round(mix[kind] * 100 * 1000) / 1000;
}

/** The built-in shop workload over the scratch schema: product reads, cart writes, orders. */
export function shopWorkloadStatements(schema: string, mix: TransactionMix, products: number): WorkloadStatement[] {
  const statements = transactionStatements(schema);
  return TRANSACTION_KINDS.map((kind) => {
    const s = statements[kind];
    const values = paramGenerator(s.params, products);
    return {
      name: kind,
      text: s.text,
      endpoint: ENDPOINT_OF[kind],
      weight: shopWeight(mix, kind),
      values,
      ...(kind === 'orderWrite' ? { zeroRowsMeans: 'out-of-stock' as const } : {}),
    };
  });
}
