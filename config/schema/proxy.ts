import { z } from 'zod';

/**
 * RDS Proxy settings. Defaults suit a web shop: a large pool, idle connections kept for the next
 * burst, and a short borrow timeout so a saturated pool fails a request in seconds, not minutes.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ConnectionPoolConfiguration.html
 */
export const proxySchema = z.strictObject({
  /**
   * Pool size per target, as a percent of the target's `max_connections`. The rest is left for
   * administration, the rotation function and direct connections.
   * @default 90
   */
  maxConnectionsPercent: z
    .number()
    .int()
    .min(1, { error: 'must be between 1 and 100 percent' })
    .max(100, { error: 'must be between 1 and 100 percent' })
    .default(90),
  /**
   * Idle backend connections kept open, as a percent of `max_connections`; at most `maxConnectionsPercent`.
   * @default 50
   */
  maxIdleConnectionsPercent: z
    .number()
    .int()
    .min(0, { error: 'must be between 0 and 100 percent' })
    .max(100, { error: 'must be between 0 and 100 percent' })
    .default(50),
  /**
   * Seconds a client waits for a pooled connection before the proxy gives up.
   * @default 30
   */
  connectionBorrowTimeoutSeconds: z
    .number()
    .int()
    .min(1, { error: 'must be between 1 and 3600 seconds' })
    .max(3600, { error: 'must be between 1 and 3600 seconds' })
    .default(30),
  /**
   * Seconds an idle client connection stays open.
   * @default 1800
   */
  idleClientTimeoutSeconds: z
    .number()
    .int()
    .min(1, { error: 'must be between 1 and 28800 seconds' })
    .max(28_800, { error: 'must be between 1 and 28800 seconds (8 hours)' })
    .default(1800),
  /**
   * Classes of statements that do not pin a session to one backend connection (MySQL only today).
   * @default []
   */
  sessionPinningFilters: z.array(z.literal('EXCLUDE_VARIABLE_SETS')).default([]),
  /**
   * SQL the proxy runs on each new backend connection (`SET …`). Aurora MySQL only: RDS Proxy does
   * not support it for PostgreSQL. @default - none
   */
  initQuery: z.string().min(1).optional(),
  /**
   * Clients must authenticate with IAM (`rds-db:connect`) instead of a password.
   * @default false
   */
  requireIamAuthentication: z.boolean().default(false),
  /**
   * Client connections the applications open at peak outside campaigns (campaigns may state their own).
   * The connection-budget check compares it with the proxy's backend pool.
   */
  expectedPeakClientConnections: z.number().int().min(1, { error: 'must be at least 1 connection' }),
  /**
   * Client connections that share one backend connection at peak (transaction-level multiplexing).
   * 1 assumes every client connection may need its own backend connection (pinned sessions): the safe default.
   * @default 1
   */
  assumedMultiplexingRatio: z.number().min(1, { error: 'must be at least 1' }).max(50, { error: 'must be at most 50' }).default(1),
  /**
   * Security groups of the applications allowed to connect to the proxy. The stack also creates a
   * client security group that applications can attach. @default []
   */
  applicationSecurityGroupIds: z
    .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, { error: 'must be a security group id such as "sg-0abc12345def67890"' }))
    .default([]),
});

export type ProxyConfig = z.output<typeof proxySchema>;
