import type { TransactionMix } from '../../config/schema/rehearsal';
import { TRANSACTION_KINDS, type TransactionKind } from './types';

/** Picks transaction kinds in the proportions of a mix. */
export interface KindPicker {
  pick(): TransactionKind;
}

/**
 * A weighted picker over the kinds given (all by default), their weights renormalised.
 * `random` returns a number in [0, 1), as `Math.random` does.
 */
export function kindPicker(
  mix: TransactionMix,
  random: () => number = Math.random,
  kinds: readonly TransactionKind[] = TRANSACTION_KINDS,
): KindPicker {
  const weighted = kinds.filter((k) => mix[k] > 0);
  if (weighted.length === 0) throw new Error(`the transaction mix gives no weight to any of ${kinds.join(', ')}`);
  const total = weighted.reduce((sum, k) => sum + mix[k], 0);
  const bounds: number[] = [];
  let acc = 0;
  for (const k of weighted) {
    acc += mix[k] / total;
    bounds.push(acc);
  }
  return {
    pick() {
      const r = random();
      for (let i = 0; i < bounds.length - 1; i++) if (r < bounds[i]) return weighted[i];
      return weighted[weighted.length - 1];
    },
  };
}
