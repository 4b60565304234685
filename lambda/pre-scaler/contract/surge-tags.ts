import type { OverrideTarget, SurgeRecord, WriterCapacity } from '../core';

/**
 * Where the reactive surge and the operator's override live: tags on the DB cluster. The pre-scaler
 * reads them back on every run (`DescribeDBClusters` returns the cluster's `TagList`) and writes them
 * with `AddTagsToResource` / `RemoveTagsFromResource`; `npm run surge` writes the override the same
 * way. One `AddTagsToResource` call sets every tag of a record, so a record is never half-written.
 * This module is the one place both sides take the keys and the value format from.
 *
 * Tag rules (RDS): key 1–128 and value 0–256 Unicode characters, neither starting with `aws:` or
 * `rds:`, made only of letters, digits, white space and `_ . : / = + - @`.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_Tag.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBCluster.html (TagList)
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AddTagsToResource.html
 */
export const SURGE_TAG_KEYS = {
  /** The reactive surge in force: `level=1 writer=db.r6g.2xlarge floor=3 since=<ISO> last=<ISO>`. */
  surge: 'aurora-surge:surge',
  /** The override's target and validity: `writer=db.r6g.4xlarge floor=4 set=<ISO> until=<ISO>`. */
  override: 'aurora-surge:override',
  /** Who set the override (the caller's ARN, made tag-safe). */
  overrideBy: 'aurora-surge:override-by',
  /** Why the override was set, as the operator wrote it. */
  overrideReason: 'aurora-surge:override-reason',
} as const;

/** Every key of this module: the IAM condition `aws:TagKeys` lets the writers of these tags touch nothing else. */
export const ALL_SURGE_TAG_KEYS: readonly string[] = Object.values(SURGE_TAG_KEYS);

/** The override's keys: what `npm run surge` sets and `--clear` removes. */
export const OVERRIDE_TAG_KEYS: readonly string[] = [SURGE_TAG_KEYS.override, SURGE_TAG_KEYS.overrideBy, SURGE_TAG_KEYS.overrideReason];

/** Longest tag value RDS accepts. */
export const MAX_TAG_VALUE_LENGTH = 256;

/** The characters RDS accepts in a tag value (the API reference's Java regex, in JavaScript). */
export const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A tag as the RDS API carries it. */
export interface ClusterTag {
  readonly Key?: string | undefined;
  readonly Value?: string | undefined;
}

/** A decoded record, or why the tag could not be read (the run logs it, and treats the record as absent). */
export type TagDecodeResult<T> = { readonly ok: true; readonly value: T | undefined } | { readonly ok: false; readonly problem: string };

/** `value` with every character RDS refuses replaced by `_`, cut to 256 characters (for the caller's ARN). */
export function tagSafe(value: string): string {
  return [...value]
    .map((ch) => (TAG_VALUE_PATTERN.test(ch) ? ch : '_'))
    .join('')
    .slice(0, MAX_TAG_VALUE_LENGTH);
}

/** Writer capacity in a tag value: the instance class, or `acu:<min>-<max>` for Serverless v2. */
export function encodeWriterCapacity(writer: WriterCapacity): string {
  return writer.kind === 'provisioned' ? writer.instanceClass : `acu:${writer.minCapacity}-${writer.maxCapacity}`;
}

export function decodeWriterCapacity(text: string): WriterCapacity | undefined {
  const acu = /^acu:(\d+(?:\.5)?)-(\d+(?:\.5)?)$/.exec(text);
  if (acu) return { kind: 'serverless-v2', minCapacity: Number(acu[1]), maxCapacity: Number(acu[2]) };
  return /^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(text) ? { kind: 'provisioned', instanceClass: text } : undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `key=value` words of a tag value; undefined when a word is not `key=value` or a key repeats. */
function fields(value: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const word of value.trim().split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq <= 0 || out.has(word.slice(0, eq))) return undefined;
    out.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return out;
}

function instant(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function count(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,2}$/.test(text) ? Number(text) : undefined;
}

/** The surge record's tag value. */
export function encodeSurgeRecord(record: SurgeRecord): string {
  return `level=${record.level} writer=${encodeWriterCapacity(record.writer)} floor=${record.readerFloor} since=${iso(record.sinceMs)} last=${iso(record.lastStepMs)}`;
}

/** The surge record from the cluster's tags: absent when the tag is, a problem when it cannot be read. */
export function decodeSurgeRecord(tags: readonly ClusterTag[]): TagDecodeResult<SurgeRecord> {
  const raw = tags.find((t) => t.Key === SURGE_TAG_KEYS.surge)?.Value;
  if (raw === undefined) return { ok: true, value: undefined };
  const f = fields(raw);
  const level = count(f?.get('level'));
  const writer = f?.get('writer') === undefined ? undefined : decodeWriterCapacity(f.get('writer') as string);
  const readerFloor = count(f?.get('floor'));
  const sinceMs = instant(f?.get('since'));
  const lastStepMs = instant(f?.get('last'));
  if (!f || level === undefined || level < 1 || !writer || readerFloor === undefined || sinceMs === undefined || lastStepMs === undefined)
    return {
      ok: false,
      problem: `cluster tag ${SURGE_TAG_KEYS.surge}="${raw}" cannot be read (expected "level=<n> writer=<class or acu:min-max> floor=<n> since=<ISO time> last=<ISO time>"). Fix: remove the tag (the next run starts from no surge) or correct it.`,
    };
  return { ok: true, value: { level, writer, readerFloor, sinceMs, lastStepMs } };
}

/** The override's tags, all set by one `AddTagsToResource` call. */
export function encodeOverrideTags(target: OverrideTarget): { Key: string; Value: string }[] {
  const words = [
    ...(target.writer ? [`writer=${encodeWriterCapacity(target.writer)}`] : []),
    ...(target.readerFloor !== undefined ? [`floor=${target.readerFloor}`] : []),
    `set=${iso(target.setAtMs)}`,
    `until=${iso(target.untilMs)}`,
  ];
  return [
    { Key: SURGE_TAG_KEYS.override, Value: words.join(' ') },
    { Key: SURGE_TAG_KEYS.overrideBy, Value: tagSafe(target.by) },
    { Key: SURGE_TAG_KEYS.overrideReason, Value: target.reason },
  ];
}

/** The override from the cluster's tags: absent when its tag is, a problem when it cannot be read. Expiry is the planner's business. */
export function decodeOverride(tags: readonly ClusterTag[]): TagDecodeResult<OverrideTarget> {
  const raw = tags.find((t) => t.Key === SURGE_TAG_KEYS.override)?.Value;
  if (raw === undefined) return { ok: true, value: undefined };
  const f = fields(raw);
  const writerText = f?.get('writer');
  const writer = writerText === undefined ? undefined : decodeWriterCapacity(writerText);
  const floorText = f?.get('floor');
  const readerFloor = floorText === undefined ? undefined : count(floorText);
  const setAtMs = instant(f?.get('set'));
  const untilMs = instant(f?.get('until'));
  const bad =
    !f ||
    (writerText !== undefined && !writer) ||
    (floorText !== undefined && readerFloor === undefined) ||
    (writer === undefined && readerFloor === undefined) ||
    setAtMs === undefined ||
    untilMs === undefined;
  if (bad)
    return {
      ok: false,
      problem: `cluster tag ${SURGE_TAG_KEYS.override}="${raw}" cannot be read (expected "[writer=<class or acu:min-max>] [floor=<n>] set=<ISO time> until=<ISO time>"). Fix: run \`npm run surge -- --env <env> --clear\`, then set the override again.`,
    };
  return {
    ok: true,
    value: {
      ...(writer ? { writer } : {}),
      ...(readerFloor !== undefined ? { readerFloor } : {}),
      setAtMs,
      untilMs,
      by: tags.find((t) => t.Key === SURGE_TAG_KEYS.overrideBy)?.Value ?? 'unknown',
      reason: tags.find((t) => t.Key === SURGE_TAG_KEYS.overrideReason)?.Value ?? '',
    },
  };
}
