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
  const last = weighted[weighted.length - 1];
  if (last === undefined) throw new Error(`the transaction mix gives no weight to any of ${kinds.join(', ')}`);
  const total = weighted.reduce((sum, k) => sum + mix[k], 0);
  const steps: Array<{ readonly kind: TransactionKind; readonly bound: number }> = [];
  let acc = 0;
  for (const kind of weighted) {
    acc += mix[kind] / total;
    steps.push({ kind, bound: acc });
  }
  return {
    pick() {
      const r = random();
      // The last step's bound is ~1 and its kind is `last`, so checking it too changes nothing.
      for (const step of steps) if (r < step.bound) return step.kind;
      return last;
    },
  };
}
