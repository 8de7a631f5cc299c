import type { AppConfig } from "@/lib/env";
import type { SchedulingSettings } from "@/lib/scheduling/types";

/** The scheduling rules' inputs for one agent: their zone and window, the operator's numbers. */
export function schedulingSettingsFor(
  agent: { timeZone: string; sendingWindowEnabled: boolean },
  pipeline: Pick<AppConfig["pipeline"], "firstTimeDelayHours" | "minDaysBetweenEmails" | "prepareLeadHours">,
): SchedulingSettings {
  return {
    timeZone: agent.timeZone,
    sendingWindowEnabled: agent.sendingWindowEnabled,
    firstTimeDelayHours: pipeline.firstTimeDelayHours,
    minDaysBetweenEmails: pipeline.minDaysBetweenEmails,
    prepareLeadHours: pipeline.prepareLeadHours,
  };
}
