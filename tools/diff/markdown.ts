/** Small Markdown helpers for the report: inline code, table cells, tables. */

const MAX_VALUE_LENGTH = 120;

/** A value as compact inline code, cut to a readable length; `(none)` for a missing value. */
export function codeValue(value: unknown): string {
  if (value === undefined) return '_(none)_';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const short = text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
  return code(short);
}

/** Context kept on each side of the part that differs, when a long value is cut. */
const CONTEXT = 25;

/**
 * Two long values (an alarm description, a dashboard body) usually differ in a small part: both are
 * shown around that part, so the change is visible after cutting. Short values are shown whole.
 */
export function codeValuePair(oldValue: unknown, newValue: unknown): [string, string] {
  if (oldValue === undefined || newValue === undefined) return [codeValue(oldValue), codeValue(newValue)];
  const a = typeof oldValue === 'string' ? oldValue : JSON.stringify(oldValue);
  const b = typeof newValue === 'string' ? newValue : JSON.stringify(newValue);
  if (a.length <= MAX_VALUE_LENGTH && b.length <= MAX_VALUE_LENGTH) return [codeValue(oldValue), codeValue(newValue)];
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const around = (text: string) => {
    const from = Math.max(0, prefix - CONTEXT);
    const to = Math.min(text.length, Math.max(text.length - suffix + CONTEXT, from));
    return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  };
  return [codeValue(around(a)), codeValue(around(b))];
}

/** Inline code that survives backticks and line breaks in the text. */
export function code(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const fence = flat.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${flat}${fence === '``' ? ' ' : ''}${fence}`;
}

/** Escapes what would break a GFM table cell (pipes, line breaks). */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
