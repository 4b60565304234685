/**
 * The fixed messages of the pre-scaler's log lines: what the Lambda writes and what a Logs Insights
 * query, a metric filter or a runbook quotes (`filter message = "pre-scaler run"`). Every field of a
 * line travels beside the message, never inside it, so these strings never change with the data.
 */

/** The one line every run logs: what was seen, wanted, decided and done, and why. */
export const RUN_LOG_MESSAGE = 'pre-scaler run';
/** The calendar file or the environment variables did not validate: the function acts on nothing. */
export const INVALID_CONFIGURATION_MESSAGE = 'pre-scaler configuration invalid: acting on nothing';
/** A read or a step failed for a transient reason; the invocation fails. */
export const RUN_FAILED_MESSAGE = 'pre-scaler run failed: the next scheduled run retries';
/** A call AWS refused for a reason another try cannot fix (access denied, invalid parameter, not found). */
export const RUN_REFUSED_MESSAGE =
  'pre-scaler run failed: AWS refused a call, and every run will fail the same way until the cause is fixed';
