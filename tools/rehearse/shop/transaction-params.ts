import type { ParamName } from './shop-sql';

/**
 * Parameter values for the shop's transactions. A campaign puts a few featured products in front of
 * everyone: `HOT_TRAFFIC_PERCENT` of picks go to the first `HOT_PRODUCTS` products (so their stock rows
 * see lock contention, as in a real sale), the rest spread evenly over the catalogue.
 */
export const HOT_PRODUCTS = 10;
export const HOT_TRAFFIC_PERCENT = 30;
/** Units per cart item or order line: 1 to this. */
export const MAX_QUANTITY = 3;
/** Web sessions are numbered 1 to this. */
export const WEB_SESSIONS = 1_000_000;

function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function productId(random: () => number, products: number): number {
  return random() * 100 < HOT_TRAFFIC_PERCENT ? randomInt(random, 1, Math.min(HOT_PRODUCTS, products)) : randomInt(random, 1, products);
}

function generatorFor(p: ParamName, products: number): (random: () => number) => number {
  switch (p) {
    case 'productId':
      return (random) => productId(random, products);
    case 'quantity':
      return (random) => randomInt(random, 1, MAX_QUANTITY);
    case 'webSession':
      return (random) => randomInt(random, 1, WEB_SESSIONS);
  }
}

/** A function giving fresh values for `params`, in order (the generators chosen once, not per call). */
export function paramGenerator(params: readonly ParamName[], products: number): (random: () => number) => number[] {
  const generators = params.map((p) => generatorFor(p, products));
  return (random) => generators.map((g) => g(random));
}

/** Values for `params`, in order. */
export function paramValues(params: readonly ParamName[], random: () => number, products: number): number[] {
  return paramGenerator(params, products)(random);
}
