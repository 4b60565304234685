import type { RunMeasurements } from './metrics';
import type { ShopRowCounts } from './shop/shop-schema';

/** One comparison between what the tool counted and what the database holds. */
export interface ConsistencyLine {
  readonly what: string;
  readonly counted: number;
  readonly inDatabase: number;
  readonly matches: boolean;
}

/**
 * Compares the tool's counts with the rows the run left in the scratch schema: every cart write is one
 * cart and one item, every placed order one order and one line, and the units ordered were taken from
 * stock. A mismatch means the tool's figures cannot be trusted (or a transaction was cut off mid-flight).
 */
export function checkConsistency(m: RunMeasurements, rows: ShopRowCounts): ConsistencyLine[] {
  const carts = m.completed.cartWrite ?? 0;
  const ordersPlaced = (m.completed.orderWrite ?? 0) - m.ordersOutOfStock;
  const line = (what: string, counted: number, inDatabase: number) => ({ what, counted, inDatabase, matches: counted === inDatabase });
  return [
    line('carts (one per cart write)', carts, rows.carts),
    line('cart items (one per cart write)', carts, rows.cartItems),
    line('orders (one per order placed)', ordersPlaced, rows.orders),
    line('order lines (one per order placed)', ordersPlaced, rows.orderLines),
    line('units taken from stock (= units ordered)', rows.unitsOrdered, rows.unitsTakenFromStock),
  ];
}
