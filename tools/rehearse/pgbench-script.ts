import type { TransactionMix } from '../../config/schema/rehearsal';
import type { ParamName, TransactionStatement } from './shop/shop-sql';
import { HOT_PRODUCTS, HOT_TRAFFIC_PERCENT, MAX_QUANTITY, WEB_SESSIONS } from './shop/transaction-params';
import { TRANSACTION_KINDS, type TransactionKind } from './types';

/**
 * The rehearsal's transactions as pgbench custom scripts: the same SQL text, the same parameter
 * distributions (hot products included), so `bench:rehearse` compares like with like, and so a team that
 * prefers pgbench can run the same workload with it (see docs/rehearsal.md).
 */

function setParam(name: ParamName, products: number): string[] {
  switch (name) {
    case 'productId':
      return [
        '\\set hot random(1, 100)',
        `\\if :hot <= ${HOT_TRAFFIC_PERCENT}`,
        `\\set productId random(1, ${Math.min(HOT_PRODUCTS, products)})`,
        '\\else',
        `\\set productId random(1, ${products})`,
        '\\endif',
      ];
    case 'quantity':
      return [`\\set quantity random(1, ${MAX_QUANTITY})`];
    case 'webSession':
      return [`\\set webSession random(1, ${WEB_SESSIONS})`];
  }
}

/** One pgbench script: `\set` lines for the parameters, then the statement with `:name` in place of `$n`. */
export function pgbenchScript(statement: TransactionStatement, products: number): string {
  const sql = statement.text.replace(/\$(\d+)/g, (_, n: string) => `:${statement.params[Number(n) - 1]}`);
  const sets = [...new Set(statement.params)].flatMap((p) => setParam(p, products));
  return `${[...sets, `${sql};`].join('\n')}\n`;
}

/** A script per transaction kind with its pgbench weight (`-f file@weight`), from the mix in percent. */
export function pgbenchScripts(
  statements: Readonly<Record<TransactionKind, TransactionStatement>>,
  mix: TransactionMix,
  products: number,
): Array<{ kind: TransactionKind; weight: number; script: string }> {
  return TRANSACTION_KINDS.filter((k) => mix[k] > 0).map((kind) => ({
    kind,
    weight: Math.round(mix[kind] * 100),
    script: pgbenchScript(statements[kind], products),
  }));
}
