import "server-only";
import type { WritingSettings } from "@/lib/agents/writing-settings-input";
import { getDb } from "@/lib/db";

/** Saves the signed-in agent's own tone and sign-off (used from the next text written). */
export async function updateWritingSettings(userId: string, settings: WritingSettings): Promise<void> {
  await getDb().user.update({
    where: { id: userId },
    data: { writingTone: settings.writingTone, signOff: settings.signOff },
  });
}
