import type { WaitAction } from './action';
import type { DesiredState } from './desired-state';
import { formatInstant } from './format';
import { insideDailyWindow } from './low-traffic-window';
import { assessPressure } from './pressure';
import type { Observation } from './observation';
import type { PlannerSettings } from './settings';
import { describeStep, type Step, wait } from './step-candidates';

/** The first guard that holds a scale-down step, as the wait it causes; undefined when none does. */
export function guardHold(step: Step, desired: DesiredState, settings: PlannerSettings, observation: Observation): WaitAction | undefined {
  const what = `scale-down (${describeStep(step.action)})`;
  const campaignId = step.action.campaignId;
  for (const guard of step.guards) {
    if (guard === 'campaign-in-force' && desired.inForce.length > 0) {
      const until = Math.max(...desired.chain.map((f) => f.inForceUntilMs));
      return wait(
        guard,
        `${what} waits: ${desired.inForce.map((f) => f.campaignId).join(', ')} in force until ${formatInstant(until)}.`,
        campaignId,
      );
    }
    if (guard === 'cpu-guard') {
      const cpu = observation.writerCpuPercent;
      if (cpu === undefined)
        return wait(
          guard,
          `${what} waits: the writer's CPU is unknown (no datapoints), so the ${settings.scaleDownCpuGuardPercent}% guard cannot be checked.`,
          campaignId,
        );
      if (cpu >= settings.scaleDownCpuGuardPercent)
        return wait(
          guard,
          `${what} waits: writer CPU ${cpu.toFixed(0)}% is at or above the ${settings.scaleDownCpuGuardPercent}% guard.`,
          campaignId,
        );
    }
    if (guard === 'low-traffic-window' && settings.lowTrafficWindow && !insideDailyWindow(desired.atMs, settings.lowTrafficWindow)) {
      return wait(
        guard,
        `${what} waits for the low-traffic window ${settings.lowTrafficWindow.daily} ${settings.lowTrafficWindow.timeZone}.`,
        campaignId,
      );
    }
    if (guard === 'pressure' && settings.reactive?.enabled && observation.pressure) {
      const verdict = assessPressure(
        settings.reactive,
        observation.pressure,
        observation.instances.find((i) => i.isWriter)?.instanceClass,
        desired.atMs,
      );
      if (verdict.persists) return wait(guard, `${what} waits while the writer is under pressure (${verdict.summary}).`, campaignId);
    }
  }
  return undefined;
}
