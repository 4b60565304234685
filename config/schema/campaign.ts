/**
 * The campaign calendar's schema. It lives in the pre-scaler's pure core so that synth and the
 * Lambda validate entries with the same rules (and the Lambda bundle pulls in no CDK); this file
 * re-exports it for the config side.
 */
export {
  campaignInputSchema,
  expectedPeakInputSchema,
  weeklyScheduleInputSchema,
  writerTargetInputSchema,
  CAMPAIGN_ID_PATTERN,
  WEEKDAYS,
  type CampaignInput,
  type ExpectedPeak,
  type WeeklyScheduleInput,
  type Weekday,
} from '../../lambda/pre-scaler/core/campaign-schema';
export { MAX_CAMPAIGN_DAYS, type Campaign, type CampaignSchedule, type WriterTarget } from '../../lambda/pre-scaler/core/campaign';
