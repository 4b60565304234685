import * as rds from 'aws-cdk-lib/aws-rds';
import type { DatabaseConfig, Engine } from '../../config/schema/database';

/** What differs between Aurora PostgreSQL and Aurora MySQL, in one place. */
export interface EngineProfile {
  readonly engine: rds.IClusterEngine;
  readonly defaultPort: number;
  readonly masterUsername: string;
  /** Log types exported to CloudWatch Logs. */
  readonly logExports: readonly string[];
  /** Log types that hold audit records (kept when the stack goes, flagged by the PR guard). */
  readonly auditLogExports: readonly string[];
  /** Cluster parameters: slow-query logging, statement statistics, TLS. */
  readonly clusterParameters: Record<string, string>;
}

/**
 * Engine-specific settings.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_LogAccess.Concepts.PostgreSQL.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Reference.ParameterGroups.html
 */
export function engineProfile(db: DatabaseConfig): EngineProfile {
  return ENGINE_PROFILES[db.engine](db);
}

/** One profile per engine: a new engine is a compile error here until it has one. */
const ENGINE_PROFILES: Record<Engine, (db: DatabaseConfig) => EngineProfile> = {
  'aurora-postgresql': (db) => {
    // split() always yields at least one element; the fallback only satisfies the index check.
    const major = db.engineVersion.split('.')[0] ?? db.engineVersion;
    return {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of(db.engineVersion, major) }),
      defaultPort: 5432,
      masterUsername: 'shop_admin',
      logExports: ['postgresql'],
      auditLogExports: [],
      clusterParameters: {
        // Statements slower than the threshold are written to the exported postgresql log.
        log_min_duration_statement: String(db.slowQueryThresholdMs),
        // Per-statement statistics for finding the slow queries behind a surge.
        shared_preload_libraries: 'pg_stat_statements',
        'pg_stat_statements.track': 'top',
        log_lock_waits: '1',
        // Refuse unencrypted client connections to the cluster endpoints.
        'rds.force_ssl': '1',
      },
    };
  },
  'aurora-mysql': (db) => ({
    engine: rds.DatabaseClusterEngine.auroraMysql({
      version: rds.AuroraMysqlEngineVersion.of(`8.0.mysql_aurora.${db.engineVersion}`, '8.0'),
    }),
    defaultPort: 3306,
    masterUsername: 'shop_admin',
    logExports: ['error', 'slowquery', 'audit'],
    auditLogExports: ['audit'],
    clusterParameters: {
      slow_query_log: '1',
      long_query_time: (db.slowQueryThresholdMs / 1000).toString(),
      log_output: 'FILE',
      server_audit_logging: '1',
      server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL',
      require_secure_transport: 'ON',
    },
  }),
};
