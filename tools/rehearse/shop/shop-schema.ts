import type { DatabaseSession } from '../driver/driver';
import { countShopRowsSql, createShopSql, dropShopSql, seedShopSql } from './shop-sql';

/** Rows the run left in the scratch schema. */
export interface ShopRowCounts {
  readonly carts: number;
  readonly cartItems: number;
  readonly orders: number;
  readonly orderLines: number;
  readonly unitsOrdered: number;
  readonly unitsTakenFromStock: number;
}

/**
 * A name for this run's scratch schema: `rehearsal_<campaign>_<yyyymmddhhmmss>`, lower-case and short
 * enough for PostgreSQL's 63-character identifiers.
 */
export function scratchSchemaName(campaignId: string, now: Date): string {
  const campaign =
    campaignId
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 30) || 'adhoc';
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `rehearsal_${campaign}_${stamp}`;
}

/** Creates the scratch schema and seeds `products` products with stock. */
export async function createShopSchema(session: DatabaseSession, schema: string, products: number): Promise<void> {
  for (const statement of createShopSql(schema)) await session.query(statement);
  const [seedProducts, ...rest] = seedShopSql(schema);
  if (seedProducts) await session.query(seedProducts, [products]);
  for (const statement of rest) await session.query(statement);
}

export async function dropShopSchema(session: DatabaseSession, schema: string): Promise<void> {
  await session.query(dropShopSql(schema));
}

export async function countShopRows(session: DatabaseSession, schema: string): Promise<ShopRowCounts> {
  const [row] = await session.rows<Record<string, string>>(countShopRowsSql(schema));
  if (!row) throw new Error('the row count returned no row');
  return {
    carts: Number(row.carts),
    cartItems: Number(row.cart_items),
    orders: Number(row.orders),
    orderLines: Number(row.order_lines),
    unitsOrdered: Number(row.units_ordered),
    unitsTakenFromStock: Number(row.units_taken_from_stock),
  };
}
