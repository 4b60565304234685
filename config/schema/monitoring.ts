import { z } from 'zod';

/**
 * Monitoring: who is told about alarms, where the runbook is, and the thresholds the alarms use. Every
 * field but `runbookUrl` has a default, so an environment sets only what differs — except the rules in
 * `rules.ts`: staging and production keep `alarmActionsEnabled` on and set `runbookUrl`, and production
 * names someone on the `critical` topic.
 *
 * Thresholds come in pairs keyed by severity: `warning` informs, `critical` pages. For "too high"
 * signals the warning must be below the critical value; for "too low" signals (freeable memory),
 * above it. Units are in the field names.
 *
 * Nested sections use `.prefault({})` (not `.default({...})`): zod 4 returns a `.default()` value as
 * is, while `.prefault()` parses it, so a partial section gets its remaining defaults filled in.
 *
 * See docs/monitoring.md for what each alarm means and what to do when it fires.
 */

/** Which way a threshold is crossed. */
export type ThresholdDirection = 'above' | 'below';

function bounded(unit: string, min: number, max: number) {
  const error = `must be between ${min} and ${max} ${unit}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/**
 * A warning/critical pair, both defaulted, with the order between them checked: for an "above"
 * signal the warning comes first (lower), for a "below" signal the warning is the higher value.
 */
function severityPair(
  unit: string,
  min: number,
  max: number,
  defaults: { warning: number; critical: number },
  direction: ThresholdDirection,
) {
  return z
    .strictObject({
      warning: bounded(unit, min, max).default(defaults.warning),
      critical: bounded(unit, min, max).default(defaults.critical),
    })
    .superRefine((t, ctx) => {
      const ordered = direction === 'above' ? t.warning < t.critical : t.warning > t.critical;
      if (!ordered) {
        ctx.addIssue({
          code: 'custom',
          path: ['warning'],
          message:
            direction === 'above'
              ? `is ${t.warning}, not below critical ${t.critical}: the warning must fire before the page. Fix: lower warning or raise critical.`
              : `is ${t.warning}, not above critical ${t.critical}: for a "too low" signal the warning must fire before the page. Fix: raise warning or lower critical.`,
        });
      }
    })
    .prefault({});
}

/** Thresholds of every alarm, by severity. */
export const monitoringThresholdsSchema = z.strictObject({
  /** Writer `CPUUtilization`, percent, 5 minutes above. @default { warning: 70, critical: 90 } */
  writerCpuPercent: severityPair('percent', 1, 100, { warning: 70, critical: 90 }, 'above'),
  /**
   * Writer `FreeableMemory` as a percent of the writer's memory (instance class memory, or the memory
   * of the maximum ACU for Serverless v2), 5 minutes below. @default { warning: 15, critical: 5 }
   */
  writerFreeableMemoryPercent: severityPair('percent', 1, 90, { warning: 15, critical: 5 }, 'below'),
  /**
   * Writer `DatabaseConnections` as a percent of the writer's `max_connections` (derived from the
   * instance class, or the maximum ACU). The proxy's pool takes `proxy.maxConnectionsPercent` of it, so
   * the critical default sits above the default 90 % pool: reaching it means something bypasses the proxy.
   * @default { warning: 80, critical: 95 }
   */
  writerConnectionsPercent: severityPair('percent', 1, 100, { warning: 80, critical: 95 }, 'above'),
  /** Writer `CommitLatency`, milliseconds (average), 5 minutes above. @default { warning: 20, critical: 100 } */
  writerCommitLatencyMs: severityPair('ms', 1, 60_000, { warning: 20, critical: 100 }, 'above'),
  /** Writer `Deadlocks`, deadlocks per second (average over 5 minutes). @default { warning: 0.05, critical: 0.5 } */
  writerDeadlocksPerSecond: severityPair('deadlocks per second', 0.001, 10_000, { warning: 0.05, critical: 0.5 }, 'above'),
  /**
   * Writer `ACUUtilization` (Serverless v2 only: capacity as a percent of the maximum ACU), 5 minutes above.
   * @default { warning: 80, critical: 95 }
   */
  writerAcuUtilizationPercent: severityPair('percent', 1, 100, { warning: 80, critical: 95 }, 'above'),
  /** Average `CPUUtilization` over all readers, percent, 5 minutes above. @default { warning: 75, critical: 90 } */
  readerCpuPercent: severityPair('percent', 1, 100, { warning: 75, critical: 90 }, 'above'),
  /** Worst reader's `AuroraReplicaLag`, milliseconds, 5 minutes above. @default { warning: 1000, critical: 5000 } */
  replicaLagMs: severityPair('ms', 1, 600_000, { warning: 1000, critical: 5000 }, 'above'),
  /**
   * Minutes the reader count must stay at `readerAutoScaling.maxReplicas` before the alarm fires
   * (autoscaling can add no more readers). @default { warning: 15, critical: 45 }
   */
  readerCapacityExhaustedMinutes: severityPair('minutes', 5, 1440, { warning: 15, critical: 45 }, 'above'),
  /**
   * Proxy `ClientConnections` as a percent of what the pool can serve
   * (`max_connections × proxy.maxConnectionsPercent × proxy.assumedMultiplexingRatio`), 3 minutes above.
   * @default { warning: 75, critical: 90 }
   */
  proxyClientConnectionsPercent: severityPair('percent', 1, 200, { warning: 75, critical: 90 }, 'above'),
  /** Proxy `DatabaseConnectionsBorrowLatency`, milliseconds (average), 3 minutes above. @default { warning: 100, critical: 1000 } */
  proxyBorrowLatencyMs: severityPair('ms', 1, 3_600_000, { warning: 100, critical: 1000 }, 'above'),
  /**
   * Proxy `DatabaseConnectionsCurrentlySessionPinned` as a percent of the proxy's pool on the writer,
   * 10 minutes above. @default { warning: 30, critical: 60 }
   */
  proxyPinnedConnectionsPercent: severityPair('percent', 1, 100, { warning: 30, critical: 60 }, 'above'),
  /** Proxy `QueryResponseLatency`, milliseconds (average), 5 minutes above. @default { warning: 200, critical: 1000 } */
  proxyQueryLatencyMs: severityPair('ms', 1, 3_600_000, { warning: 200, critical: 1000 }, 'above'),
});

/** Subscribers of one severity's topic. */
export const severitySubscriptionsSchema = z
  .strictObject({
    /** E-mail addresses; each must confirm the subscription once. @default [] */
    emails: z.array(z.email({ error: 'must be an e-mail address such as "oncall@example.com"' })).default([]),
    /**
     * HTTPS endpoints (an incident tool, a chat webhook relay). SNS confirms each by a request to the URL.
     * @default []
     */
    httpsUrls: z.array(z.url({ protocol: /^https$/, error: 'must be an https:// URL' })).default([]),
  })
  .prefault({});

export const monitoringSchema = z
  .strictObject({
    /**
     * Whether alarms notify their topics. Dev may turn it off; staging and production may not (`rules.ts`).
     * @default true
     */
    alarmActionsEnabled: z.boolean().default(true),
    /** Who hears about each severity: `critical` pages, `warning` informs. @default - nobody */
    notifications: z
      .strictObject({
        critical: severitySubscriptionsSchema,
        warning: severitySubscriptionsSchema,
      })
      .prefault({}),
    /**
     * Where the on-call reads the runbook: docs/monitoring.md as your team browses it (your repository's
     * web view, a wiki copy). Every alarm description and the dashboard link `<runbookUrl>#<alarm-anchor>`,
     * so it must be an `https://` URL without a `#fragment` or `?query` of its own. Required in every
     * environment but those in {@link RUNBOOK_URL_OPTIONAL_IN} (`rules.ts`): there is no default, because
     * a default would be a link nobody checked, and a 404 at 00:07 on Black Friday.
     * @default - none; dev alarms then name the repository path docs/monitoring.md instead of a link
     */
    runbookUrl: z
      .url({ protocol: /^https$/, error: 'must be an https:// URL (the docs/monitoring.md page as your team browses it)' })
      .refine((url) => !url.includes('#') && !url.includes('?'), {
        error:
          'must not carry a #fragment or ?query: alarm descriptions append #<alarm-anchor> to it. Fix: give the page URL alone, such as https://github.com/<org>/aurora-surge/blob/main/docs/monitoring.md',
      })
      .optional(),
    thresholds: monitoringThresholdsSchema.prefault({}),
  })
  .prefault({});

export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type MonitoringThresholds = MonitoringConfig['thresholds'];
/** A warning/critical pair of one alarm. */
export type SeverityThresholds = MonitoringThresholds['writerCpuPercent'];

/**
 * Environments whose alarms may notify nobody (`alarmActionsEnabled: false`). Every other environment,
 * staging and production included, must keep actions on: a new environment is safe by default.
 */
export const ALARM_ACTIONS_OPTIONAL_IN: readonly string[] = ['dev'];

/**
 * Environments that may leave `monitoring.runbookUrl` unset (nobody is paged there). Every other
 * environment, staging and production included, must set it: a new environment is safe by default.
 */
export const RUNBOOK_URL_OPTIONAL_IN: readonly string[] = ['dev'];

/**
 * The placeholder the committed staging and prod configs carry (the example repository): preflight
 * refuses it, and the README's Quick start lists it among the placeholders to replace.
 */
export const EXAMPLE_RUNBOOK_URL = 'https://github.com/example-shop/aurora-surge/blob/main/docs/monitoring.md';

/** What alarm descriptions point to when an environment has no `runbookUrl` (dev): the page's path in the repository. */
export const RUNBOOK_IN_REPOSITORY = 'docs/monitoring.md';

/** The runbook link of an environment: its `runbookUrl`, or the repository path where none is set. */
export function runbookLinkOf(monitoring: { readonly runbookUrl?: string | undefined }): string {
  return monitoring.runbookUrl ?? RUNBOOK_IN_REPOSITORY;
}
