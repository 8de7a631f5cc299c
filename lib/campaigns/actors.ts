/** Who caused a campaign change, as recorded in its history (DESIGN.md §4). */
export const agentActor = (userId: string) => `AGENT:${userId}`;
export const SYSTEM_ACTOR = "SYSTEM";
