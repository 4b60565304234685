/**
 * On-demand Aurora prices the cost estimates use: USD per instance-hour per DB instance class, and
 * USD per ACU-hour for Serverless v2, per region and engine, Aurora Standard storage configuration
 * (I/O-Optimized instances cost more). Storage, I/O, backups and the proxy are not counted.
 *
 * The AWS pricing page (https://aws.amazon.com/rds/aurora/pricing/) could not be read when this table
 * was written (no network to it). Every figure below is copied from a published page found with the
 * project's search tool on 2026-12-01; each carries that page and what it said. A class, region or
 * engine that is not here has **no** price: the cost then reads "unknown price for <class>", never a
 * guess. Check a figure against the AWS page before relying on it, and add rows (one line each) with
 * their source when you do.
 *
 * Billing is per second with a 10-minute minimum per instance, which is why hours are counted as
 * fractions: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/User_DBInstanceBilling.html
 */
export interface PriceSource {
  /** Where the figure was read. */
  readonly url: string;
  /** What the page says about itself (date, region) and when it was read. */
  readonly note: string;
}

export interface InstancePrice {
  readonly region: string;
  readonly engine: 'aurora-postgresql' | 'aurora-mysql';
  /** `db.r6g.large`, or `db.serverless` for the ACU-hour price. */
  readonly instanceClass: string;
  /** USD per instance-hour, or per ACU-hour for `db.serverless`. */
  readonly usdPerHour: number;
  readonly source: PriceSource;
}

const CALCULATOR_PAGE: PriceSource = {
  url: 'https://store-v2-khaki.vercel.app/rds-vs-aurora-cost-calculator.html',
  note: 'third-party "RDS vs Aurora cost calculator", list prices, us-east-1 implied by its Aurora storage rate ($0.10/GB-month); undated; read 2026-12-01',
};
const C3X_ACU_PAGE: PriceSource = {
  url: 'https://c3x.dev/blog/aws-aurora-serverless-v2-cost/',
  note: 'third-party blog: "1 ACU ≈ $0.12/hour (us-east-1)"; agrees with awsnegotiations.com (May 2026, "approximately $0.12 per ACU-hour in us-east-1"); read 2026-12-01',
};

/** The table. No row for eu-west-1: no published figure for it was found (see the file comment). */
export const PRICE_TABLE: readonly InstancePrice[] = [
  { region: 'us-east-1', engine: 'aurora-postgresql', instanceClass: 'db.t4g.medium', usdPerHour: 0.09, source: CALCULATOR_PAGE },
  { region: 'us-east-1', engine: 'aurora-postgresql', instanceClass: 'db.r6g.large', usdPerHour: 0.3, source: CALCULATOR_PAGE },
  { region: 'us-east-1', engine: 'aurora-postgresql', instanceClass: 'db.r6g.4xlarge', usdPerHour: 2.4, source: CALCULATOR_PAGE },
  { region: 'us-east-1', engine: 'aurora-mysql', instanceClass: 'db.t4g.medium', usdPerHour: 0.082, source: CALCULATOR_PAGE },
  { region: 'us-east-1', engine: 'aurora-mysql', instanceClass: 'db.r6g.large', usdPerHour: 0.29, source: CALCULATOR_PAGE },
  { region: 'us-east-1', engine: 'aurora-mysql', instanceClass: 'db.r6g.4xlarge', usdPerHour: 2.32, source: CALCULATOR_PAGE },
  { region: 'us-east-1', engine: 'aurora-postgresql', instanceClass: 'db.serverless', usdPerHour: 0.12, source: C3X_ACU_PAGE },
  { region: 'us-east-1', engine: 'aurora-mysql', instanceClass: 'db.serverless', usdPerHour: 0.12, source: C3X_ACU_PAGE },
];

/** The class name the ACU-hour price is stored under (the instance class Serverless v2 instances have). */
export const SERVERLESS_CLASS = 'db.serverless';

/** Looks a price up; `undefined` when the table has none (callers print "unknown price for …"). */
export function findPrice(
  table: readonly InstancePrice[],
  region: string,
  engine: InstancePrice['engine'],
  instanceClass: string,
): InstancePrice | undefined {
  return table.find((p) => p.region === region && p.engine === engine && p.instanceClass === instanceClass);
}
