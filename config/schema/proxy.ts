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
   * Database users the applications log in as through the proxy. The proxy logs in to the database as
   * each of them with end-to-end IAM authentication (`DefaultAuthScheme: IAM_AUTH`), so no per-user
   * secret is needed: its role gets `rds-db:connect` on exactly these users of this cluster, and each
   * user must exist in the database with the `rds_iam` role (PostgreSQL) or `AWSAuthenticationPlugin`
   * (MySQL); see the README, "How applications connect". Clients of these users authenticate to the
   * proxy with an IAM token. The master user keeps its secret and is not listed here.
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy-iam-setup.html
   * @default []
   */
  applicationUsers: z
    .array(
      z.strictObject({
        /** The database user name: a lower-case identifier, as created with `CREATE USER`. */
        name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
          error: 'must be a lower-case database identifier (a-z, 0-9, _; at most 63 characters) such as "shop_app"',
        }),
      }),
    )
    .default([])
    .superRefine((users, ctx) => {
      const seen = new Set<string>();
      users.forEach((user, i) => {
        if (seen.has(user.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'name'],
            message: `"${user.name}" is listed twice. Fix: list each application user once.`,
          });
        }
        seen.add(user.name);
      });
    }),
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
