/**
 * A dashboard's change in words. CloudFormation holds the dashboard as one `DashboardBody` string
 * (JSON, joined with tokens), so a raw diff is an escaped fragment nobody can review; this compares the
 * widgets by title and the campaign bands by label instead.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

interface WidgetJson {
  readonly type?: string;
  readonly properties?: {
    readonly title?: string;
    readonly markdown?: string;
    readonly annotations?: { readonly vertical?: ReadonlyArray<ReadonlyArray<{ readonly label?: string }>> };
  };
}

/** The dashboard body as JSON: a plain string, or an `Fn::Join` whose tokens become placeholders. */
export function parseDashboardBody(body: unknown): { widgets: WidgetJson[] } | undefined {
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (body && typeof body === 'object' && 'Fn::Join' in body) {
    const join = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    text = join[1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join(join[0]);
  }
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { widgets?: WidgetJson[] };
    return { widgets: parsed.widgets ?? [] };
  } catch {
    return undefined;
  }
}

function titleOf(w: WidgetJson): string {
  if (w.properties?.title) return w.properties.title;
  if (w.type === 'text') return 'the header text';
  return `a ${w.type ?? 'untitled'} widget`;
}

function bandLabels(widgets: readonly WidgetJson[]): Set<string> {
  const labels = new Set<string>();
  for (const w of widgets)
    for (const band of w.properties?.annotations?.vertical ?? []) {
      const label = band[0]?.label;
      if (label) labels.add(label);
    }
  return labels;
}

const list = (items: readonly string[]) => items.map((i) => `"${i}"`).join(', ');

/**
 * The change between two dashboard bodies in a sentence or two: widgets added, removed and changed
 * (by title), and campaign bands that appear or disappear. `undefined` when either body cannot be read.
 */
export function summarizeDashboardChange(oldBody: unknown, newBody: unknown): string | undefined {
  const before = parseDashboardBody(oldBody);
  const after = parseDashboardBody(newBody);
  if (!before || !after) return undefined;
  const oldByTitle = new Map(before.widgets.map((w) => [titleOf(w), JSON.stringify(w)]));
  const newByTitle = new Map(after.widgets.map((w) => [titleOf(w), JSON.stringify(w)]));
  const added = [...newByTitle.keys()].filter((t) => !oldByTitle.has(t));
  const removed = [...oldByTitle.keys()].filter((t) => !newByTitle.has(t));
  const changed = [...newByTitle.keys()].filter((t) => oldByTitle.has(t) && oldByTitle.get(t) !== newByTitle.get(t));
  const oldBands = bandLabels(before.widgets);
  const newBands = bandLabels(after.widgets);
  const bandsAdded = [...newBands].filter((b) => !oldBands.has(b));
  const bandsRemoved = [...oldBands].filter((b) => !newBands.has(b));
  const parts = [
    added.length > 0 ? `${added.length} widget(s) added: ${list(added)}` : '',
    removed.length > 0 ? `${removed.length} widget(s) removed: ${list(removed)}` : '',
    changed.length > 0
      ? `${changed.length} widget(s) changed: ${list(changed.slice(0, 8))}${changed.length > 8 ? ` and ${changed.length - 8} more` : ''}`
      : '',
    bandsAdded.length > 0 ? `campaign bands now drawn: ${list(bandsAdded)}` : '',
    bandsRemoved.length > 0 ? `campaign bands no longer drawn: ${list(bandsRemoved)}` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? `Dashboard: ${parts.join('; ')}.` : 'Dashboard: layout or formatting only.';
}
