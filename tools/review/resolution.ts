const DAY = 86_400_000;

/** The metric period the review can ask for, given how old the window is. */
export interface Resolution {
  readonly periodSeconds: 60 | 300 | 3600;
  readonly note: string;
}

/**
 * CloudWatch keeps 1-minute datapoints for 15 days, 5-minute datapoints for 63 days and 1-hour
 * datapoints for 455 days; older data is only available at the coarser period.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention
 */
export function resolutionFor(fromMs: number, nowMs: number): Resolution {
  const ageDays = (nowMs - fromMs) / DAY;
  if (ageDays <= 15)
    return { periodSeconds: 60, note: '1-minute data (CloudWatch keeps it 15 days; this window started less than 15 days ago)' };
  if (ageDays <= 63)
    return {
      periodSeconds: 300,
      note: `5-minute data only: the window started ${Math.floor(ageDays)} days ago and CloudWatch keeps 1-minute data 15 days (5-minute data 63 days); short peaks are averaged away`,
    };
  return {
    periodSeconds: 3600,
    note: `1-hour data only: the window started ${Math.floor(ageDays)} days ago (CloudWatch keeps 5-minute data 63 days, 1-hour data 455 days); peaks are averaged over an hour`,
  };
}
