import type { TransactionKind } from '../types';

/**
 * The small shop the rehearsal writes to, in PostgreSQL: products with stock, carts with items, orders
 * with lines. Everything lives in one scratch schema that the run creates and drops; every table name is
 * schema-qualified so no `SET search_path` is needed (it would pin RDS Proxy sessions).
 */

/** The values a transaction's statement takes, in order (`$1`, `$2`, …). */
export type ParamName = 'productId' | 'quantity' | 'webSession';

/** One transaction: a single statement, so it commits on its own with one round trip. */
export interface TransactionStatement {
  readonly text: string;
  readonly params: readonly ParamName[];
}

/** Starting stock of every product: large enough that a rehearsal never sells out. */
export const SEED_STOCK_PER_PRODUCT = 1_000_000;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a scratch schema name as an identifier, refusing anything that is not a plain lower-case name. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid scratch schema name "${schema}": use lower-case letters, digits and underscores`);
  return `"${schema}"`;
}

export function createShopSql(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `CREATE SCHEMA ${s}`,
    `CREATE TABLE ${s}.products (id integer PRIMARY KEY, category_id integer NOT NULL, name text NOT NULL, price_cents integer NOT NULL)`,
    `CREATE TABLE ${s}.stock (product_id integer PRIMARY KEY REFERENCES ${s}.products (id), quantity integer NOT NULL CHECK (quantity >= 0))`,
    `CREATE TABLE ${s}.carts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, web_session bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE ${s}.cart_items (cart_id bigint NOT NULL REFERENCES ${s}.carts (id), product_id integer NOT NULL REFERENCES ${s}.products (id), quantity integer NOT NULL, PRIMARY KEY (cart_id, product_id))`,
    `CREATE TABLE ${s}.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE ${s}.order_lines (order_id bigint NOT NULL REFERENCES ${s}.orders (id), product_id integer NOT NULL REFERENCES ${s}.products (id), quantity integer NOT NULL, price_cents integer NOT NULL, PRIMARY KEY (order_id, product_id))`,
  ];
}

/** Seeds `$1` products in 100 categories with deterministic prices, and their stock. */
export function seedShopSql(schema: string): [seedProducts: string, ...rest: string[]] {
  const s = quoteSchema(schema);
  return [
    `INSERT INTO ${s}.products (id, category_id, name, price_cents) SELECT g, 1 + g % 100, 'product ' || g, 100 + (g * 7919) % 100000 FROM generate_series(1, $1::integer) AS g`,
    `INSERT INTO ${s}.stock (product_id, quantity) SELECT id, ${SEED_STOCK_PER_PRODUCT} FROM ${s}.products`,
    `ANALYZE ${s}.products`,
    `ANALYZE ${s}.stock`,
  ];
}

export function dropShopSql(schema: string): string {
  return `DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`;
}

/** Rows written by the run, to check against what the tool counted. */
export function countShopRowsSql(schema: string): string {
  const s = quoteSchema(schema);
  return `SELECT
    (SELECT count(*) FROM ${s}.carts)::bigint AS carts,
    (SELECT count(*) FROM ${s}.cart_items)::bigint AS cart_items,
    (SELECT count(*) FROM ${s}.orders)::bigint AS orders,
    (SELECT count(*) FROM ${s}.order_lines)::bigint AS order_lines,
    (SELECT coalesce(sum(quantity), 0) FROM ${s}.order_lines)::bigint AS units_ordered,
    (SELECT count(*) * ${SEED_STOCK_PER_PRODUCT}::bigint - coalesce(sum(quantity), 0) FROM ${s}.stock)::bigint AS units_taken_from_stock`;
}

/**
 * The three transactions. Each is one statement (the writes use data-modifying CTEs), so it is atomic
 * without BEGIN/COMMIT round trips, and a web app would plausibly send the same.
 */
export function transactionStatements(schema: string): Readonly<Record<TransactionKind, TransactionStatement>> {
  const s = quoteSchema(schema);
  return {
    productRead: {
      text: `SELECT p.id, p.name, p.price_cents, st.quantity FROM ${s}.products p JOIN ${s}.stock st ON st.product_id = p.id WHERE p.id = $1`,
      params: ['productId'],
    },
    cartWrite: {
      text:
        `WITH cart AS (INSERT INTO ${s}.carts (web_session) VALUES ($1::bigint) RETURNING id) ` +
        `INSERT INTO ${s}.cart_items (cart_id, product_id, quantity) SELECT cart.id, $2::integer, $3::integer FROM cart`,
      params: ['webSession', 'productId', 'quantity'],
    },
    orderWrite: {
      // Takes the units from stock only if enough are left; no stock, no order (0 rows).
      text:
        `WITH taken AS (UPDATE ${s}.stock SET quantity = quantity - $2::integer WHERE product_id = $1::integer AND quantity >= $2::integer RETURNING product_id), ` +
        `placed AS (INSERT INTO ${s}.orders (created_at) SELECT now() FROM taken RETURNING id) ` +
        `INSERT INTO ${s}.order_lines (order_id, product_id, quantity, price_cents) SELECT placed.id, p.id, $2::integer, p.price_cents FROM placed JOIN ${s}.products p ON p.id = $1::integer`,
      params: ['productId', 'quantity'],
    },
  };
}
