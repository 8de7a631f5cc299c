import type { TextWriter, WrittenText } from "@/lib/ai/types";
import type { ArtifactOutput, CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import { previousValuation, readCycleArtifacts } from "@/lib/campaigns/artifacts/read-cycle-artifacts";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";

function output(text: WrittenText, fellBackBecause?: string): ArtifactOutput {
  const payload = fellBackBecause ? { ...text, fallbackReason: fellBackBecause } : text;
  return { payload, source: text.source, inputTokens: text.inputTokens, outputTokens: text.outputTokens };
}

/**
 * Writes the INTRO or HOME_REPORT artifact. On the message's last delivery a writer failure falls
 * back to the built-in writer (DESIGN.md §4), recording why in the payload; before that it throws
 * so SQS retries the real writer.
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
            month: deps.now(),
            timeZone: campaign.user.timeZone,
          })
        : writer.writeHomeReport(await homeReportInput(deps, campaign));
    try {
      return output(await write(deps.writer));
    } catch (error) {
      if (!lastAttempt || deps.writer === deps.fallbackWriter) throw error;
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
    property: {
      addressLine1: campaign.propertyAddressLine1,
      city: campaign.propertyCity,
      state: campaign.propertyState,
      zipCode: campaign.zipCode,
    },
    valuation: artifacts.valuation,
    previousValue: await previousValuation(deps.db, campaign.id, campaign.cycle),
    market: artifacts.market,
  };
}
