import type { TextWriter, WrittenText } from "@/lib/ai/types";
import type { ArtifactOutput, CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import { lastSentValue, readCycleArtifacts } from "@/lib/campaigns/artifacts/read-cycle-artifacts";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { BedrockCallError } from "@/lib/clients/bedrock/types";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The artifact row of a text: `source` names the model ("bedrock:<model id>", shown on the campaign
 * page), tokens and estimated cost are kept for the dashboard, and when the built-in text stands in
 * for an AI text, why is recorded in the payload and as the artifact's note (`error`).
 */
function output(text: WrittenText, fellBackBecause?: string): ArtifactOutput {
  const reason = fellBackBecause ?? text.fallbackReason ?? null;
  const payload: Prisma.InputJsonObject = {
    text: text.text,
    source: text.source,
    model: text.model,
    inputTokens: text.inputTokens,
    outputTokens: text.outputTokens,
    ...(text.costUsd != null ? { costUsd: text.costUsd } : {}),
    ...(text.promptId ? { promptId: text.promptId } : {}),
    ...(reason ? { fallbackReason: reason } : {}),
  };
  return {
    payload,
    source: text.model ? `${text.source}:${text.model}` : text.source,
    inputTokens: text.inputTokens,
    outputTokens: text.outputTokens,
    costUsd: text.costUsd ?? null,
    note: reason ? `Built-in text used: ${reason}` : null,
  };
}

/**
 * Writes the INTRO or HOME_REPORT artifact. A writer failure falls back to the built-in writer
 * (DESIGN.md §4), recording why, on the message's last delivery or at once when retrying cannot help
 * (Bedrock refused the request: bad model id, no access); otherwise it throws so SQS retries the
 * real writer later (throttling, timeouts, 5xx, after the client's own retries).
 */
export function writingArtifactProducer(
  kind: "INTRO" | "HOME_REPORT",
  deps: PipelineDeps,
  lastAttempt: boolean,
) {
  return async (campaign: CampaignForWork): Promise<ArtifactOutput> => {
    const write = async (writer: TextWriter) =>
      kind === "INTRO"
        ? writer.writeIntro({
            clientFirstName: campaign.clientFirstName,
            agentFirstName: campaign.user.firstName,
            agentTone: campaign.user.writingTone,
            agentSignOff: campaign.user.signOff,
            month: deps.now(),
            timeZone: campaign.user.timeZone,
          })
        : writer.writeHomeReport(await homeReportInput(deps, campaign));
    try {
      return output(await write(deps.writer));
    } catch (error) {
      const retryable = !(error instanceof BedrockCallError) || error.retryable;
      if ((!lastAttempt && retryable) || deps.writer === deps.fallbackWriter) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      deps.log.warn(
        { campaignId: campaign.id, kind, err: error },
        "writer failed for good; using the built-in writer",
      );
      return output(await write(deps.fallbackWriter), reason);
    }
  };
}

async function homeReportInput(deps: PipelineDeps, campaign: CampaignForWork) {
  const artifacts = await readCycleArtifacts(deps.db, campaign.id, campaign.cycle);
  if (!artifacts.valuation) throw new Error("the valuation of this cycle is not available");
  return {
    clientFirstName: campaign.clientFirstName,
    agentFirstName: campaign.user.firstName,
    agentTone: campaign.user.writingTone,
    property: {
      addressLine1: campaign.propertyAddressLine1,
      city: campaign.propertyCity,
      state: campaign.propertyState,
      zipCode: campaign.zipCode,
    },
    valuation: artifacts.valuation,
    previousValue: await lastSentValue(deps.db, campaign.id, campaign.cycle),
    market: artifacts.market,
  };
}
