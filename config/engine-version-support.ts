/**
 * Aurora engine versions that Amazon RDS no longer supports, as an offline table the config check reads
 * at synth (no AWS call). A cluster cannot be created on them, and AWS upgrades one that runs them; a
 * campaign is the wrong moment to find out.
 *
 * Source: aws-cdk-lib 2.276.0, `aws-rds/lib/cluster-engine.d.ts`: the `AuroraPostgresEngineVersion` and
 * `AuroraMysqlEngineVersion` members marked "@deprecated … is no longer supported by Amazon RDS" (CDK
 * generates them from the RDS engine-version list). Copied on 2026-12-01. The test
 * test/config/engine-version-support.test.ts fails when the installed aws-cdk-lib says otherwise, so a
 * library bump refreshes this table.
 *
 * The table knows only what RDS has already retired. The end of standard support of each version line is
 * in the release calendars:
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.release-calendars.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.VersionPolicy.html
 */

/** Aurora PostgreSQL versions (`major.minor`) RDS no longer supports. */
export const RETIRED_AURORA_POSTGRESQL_VERSIONS: readonly string[] = [
  '10.4',
  '10.5',
  '10.6',
  '10.7',
  '10.11',
  '10.12',
  '10.13',
  '10.14',
  '10.16',
  '10.17',
  '10.18',
  '10.19',
  '10.20',
  '10.21',
  '11.4',
  '11.6',
  '11.7',
  '11.8',
  '11.11',
  '11.12',
  '11.13',
  '11.14',
  '11.15',
  '11.16',
  '11.17',
  '11.18',
  '11.19',
  '11.20',
  '12.4',
  '12.6',
  '12.7',
  '12.8',
  '12.10',
  '12.11',
  '12.12',
  '12.13',
  '12.14',
  '12.15',
  '12.16',
  '12.17',
  '12.18',
  '12.19',
  '12.20',
  '12.21',
  '13.3',
  '13.4',
  '13.5',
  '13.6',
  '13.7',
  '13.8',
  '13.10',
  '13.11',
  '13.12',
  '13.13',
  '13.14',
  '13.15',
  '13.17',
  '13.18',
  '13.20',
  '13.21',
  '13.22',
  '14.3',
  '14.4',
  '14.5',
  '14.7',
  '14.8',
  '14.9',
  '14.10',
  '14.11',
  '14.12',
  '14.14',
  '15.2',
  '15.3',
  '15.4',
  '15.5',
  '15.6',
  '15.7',
  '15.9',
  '16.0',
  '16.1',
  '16.2',
  '16.3',
  '16.5',
  '17.1',
  '17.2',
];

/** Aurora MySQL versions (the Aurora version, `3.xx.y`) RDS no longer supports. */
export const RETIRED_AURORA_MYSQL_VERSIONS: readonly string[] = [
  '3.01.0',
  '3.01.1',
  '3.02.0',
  '3.02.1',
  '3.02.2',
  '3.02.3',
  '3.03.0',
  '3.03.1',
  '3.03.2',
  '3.03.3',
  '3.05.0',
  '3.05.1',
  '3.05.2',
  '3.06.0',
  '3.06.1',
  '3.07.0',
  '3.07.1',
];
