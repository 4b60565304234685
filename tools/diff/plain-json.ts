/**
 * Turns a config value into plain JSON for comparison across processes: `Date` and luxon values
 * (anything with `toISO()`) become ISO strings, `Map`/`Set` become objects/arrays, functions are dropped.
 */
export function toPlainJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (value instanceof Date) return value.toISOString();
  const withIso = value as { toISO?: () => unknown };
  if (typeof withIso.toISO === 'function') return withIso.toISO();
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toPlainJson(v)]));
  if (value instanceof Set) return [...value].map(toPlainJson);
  return Object.fromEntries(
    Object.entries(value)
      .map(([k, v]) => [k, toPlainJson(v)])
      .filter(([, v]) => v !== undefined),
  );
}
