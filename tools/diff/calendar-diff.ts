/**
 * Compares the campaign calendars of the two sides, per environment, in the words a reviewer uses:
 * a campaign is added, removed, moved (its timing changed) or changed (its targets or other fields).
 * Pure: the calendars come in as plain JSON (see `calendar-loader.ts`).
 */

/** One side's calendar as the loader prints it. */
export interface CalendarSnapshot {
  /** False when that side has no `config/campaigns.ts` yet. */
  readonly present: boolean;
  readonly campaigns?: readonly CampaignEntry[];
}

/** A calendar entry as plain JSON. Only `id` and the environment list are relied on; other fields are compared as they are. */
export interface CampaignEntry {
  readonly id: string;
  /** Environments the campaign applies to. (A single `environment` field is accepted too.) */
  readonly environments?: readonly string[];
  readonly environment?: string;
  readonly [field: string]: unknown;
}

/** One field that differs, by dotted path (`targets.writerInstanceClass`). */
export interface FieldChange {
  readonly field: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
}

export type CampaignChangeKind = 'added' | 'removed' | 'moved' | 'changed';

/** A campaign that differs in one environment. */
export interface CampaignChange {
  readonly environment: string;
  readonly campaignId: string;
  readonly kind: CampaignChangeKind;
  /** For `moved`/`changed`: the fields that differ (timing first). For `added`/`removed`: every field of the entry. */
  readonly fields: readonly FieldChange[];
  /** The entry as the head side has it (added, moved, changed): what "starts in N days" is computed from. */
  readonly headEntry?: CampaignEntry;
}

/** The calendar changes of every environment, and whether each side had a calendar at all. */
export interface CalendarDiff {
  readonly basePresent: boolean;
  readonly headPresent: boolean;
  /** Changes by environment name; environments without changes are absent. */
  readonly byEnvironment: ReadonlyMap<string, readonly CampaignChange[]>;
}

/** Fields that say *when* a campaign is; a change to one of them is a move. */
const TIMING_FIELD = /^(start|end|from|until|timeZone|timezone|tz|weekly|schedule|window|leadTime|coolDown)/i;
/** Fields that say *where* (handled as added/removed per environment) or *which*. */
const IDENTITY_FIELDS = new Set(['id', 'environments', 'environment']);

export function environmentsOf(entry: CampaignEntry): readonly string[] {
  if (Array.isArray(entry.environments)) return entry.environments;
  return typeof entry.environment === 'string' ? [entry.environment] : [];
}

/** Flattens an entry into dotted-path → value, leaving arrays whole. */
export function flattenFields(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (!prefix && IDENTITY_FIELDS.has(key)) continue;
      for (const [k, v] of flattenFields(inner, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

function fieldChanges(base: CampaignEntry, head: CampaignEntry): FieldChange[] {
  const a = flattenFields(base);
  const b = flattenFields(head);
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names
    .filter((name) => JSON.stringify(a.get(name)) !== JSON.stringify(b.get(name)))
    .map((field) => ({ field, oldValue: a.get(field), newValue: b.get(field) }))
    .sort((x, y) => Number(!isTiming(x.field)) - Number(!isTiming(y.field)) || x.field.localeCompare(y.field));
}

function isTiming(field: string): boolean {
  return TIMING_FIELD.test(field);
}

function entryFields(entry: CampaignEntry, side: 'old' | 'new'): FieldChange[] {
  return [...flattenFields(entry)].map(([field, v]) => ({
    field,
    oldValue: side === 'old' ? v : undefined,
    newValue: side === 'new' ? v : undefined,
  }));
}

function byId(snapshot: CalendarSnapshot): Map<string, CampaignEntry> {
  return new Map((snapshot.campaigns ?? []).map((c) => [c.id, c]));
}

/**
 * Campaigns added, removed, moved or changed per environment. A campaign whose environment list
 * changed is "added" to the environments it joins and "removed" from those it leaves.
 */
export function diffCalendars(base: CalendarSnapshot, head: CalendarSnapshot): CalendarDiff {
  const oldById = byId(base);
  const newById = byId(head);
  const changes: CampaignChange[] = [];
  for (const id of [...new Set([...oldById.keys(), ...newById.keys()])].sort()) {
    const before = oldById.get(id);
    const after = newById.get(id);
    const oldEnvs = new Set(before ? environmentsOf(before) : []);
    const newEnvs = new Set(after ? environmentsOf(after) : []);
    for (const environment of [...new Set([...oldEnvs, ...newEnvs])]) {
      if (after && newEnvs.has(environment) && !(before && oldEnvs.has(environment))) {
        changes.push({ environment, campaignId: id, kind: 'added', fields: entryFields(after, 'new'), headEntry: after });
      } else if (before && oldEnvs.has(environment) && !(after && newEnvs.has(environment))) {
        changes.push({ environment, campaignId: id, kind: 'removed', fields: entryFields(before, 'old') });
      } else if (before && after) {
        const fields = fieldChanges(before, after);
        if (fields.length > 0)
          changes.push({
            environment,
            campaignId: id,
            kind: fields.some((f) => isTiming(f.field)) ? 'moved' : 'changed',
            fields,
            headEntry: after,
          });
      }
    }
  }
  const byEnvironment = new Map<string, CampaignChange[]>();
  for (const change of changes) {
    byEnvironment.set(change.environment, [...(byEnvironment.get(change.environment) ?? []), change]);
  }
  return { basePresent: base.present, headPresent: head.present, byEnvironment };
}
