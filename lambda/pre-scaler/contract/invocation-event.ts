/**
 * What an invocation may carry. The EventBridge schedule sends its own scheduled event, which runs the
 * pre-scaler as configured inside its act window (`run-slot.ts`); any other event only reports. A
 * person or a tool (the `verify` command) may invoke it with `{ "dryRun": true }`: that one invocation
 * decides and reports, and changes nothing, whatever the deployed `DRY_RUN` says. `{ "dryRun": false }`
 * never turns a dry-run deployment live.
 */
export interface PreScalerInvocationEvent {
  /** `true` forces a dry run for this invocation only. @default - the deployed DRY_RUN setting */
  readonly dryRun?: boolean;
}

/** True when the event asks for a dry run: only the literal `true` does (anything else is the scheduled run). */
export function invocationForcesDryRun(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { dryRun?: unknown }).dryRun === true;
}
