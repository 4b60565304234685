/** Picks items in proportion to their weights. */
export interface WeightedPicker<T> {
  pick(): T;
}

/**
 * A weighted picker over `items` (items with weight 0 are never picked), weights renormalised.
 * `random` returns a number in [0, 1), as `Math.random` does.
 */
export function weightedPicker<T>(
  items: readonly T[],
  weightOf: (item: T) => number,
  random: () => number = Math.random,
): WeightedPicker<T> {
  const weighted = items.filter((i) => weightOf(i) > 0);
  const last = weighted[weighted.length - 1];
  if (last === undefined) throw new Error('the workload gives no weight to any statement');
  const total = weighted.reduce((sum, i) => sum + weightOf(i), 0);
  const bounds: number[] = [];
  let acc = 0;
  for (const i of weighted) {
    acc += weightOf(i) / total;
    bounds.push(acc);
  }
  return {
    pick() {
      const r = random();
      for (let i = 0; i < bounds.length - 1; i++) if (r < (bounds[i] ?? 1)) return weighted[i] ?? last;
      return last;
    },
  };
}
