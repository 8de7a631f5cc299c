import type { CampaignForWork } from "@/lib/campaigns/artifacts/produce-artifact";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import type { AgentRoute } from "@/lib/delivery/mail-router";
import type { OutgoingMessage } from "@/lib/delivery/types";
import { renderCycleEmail } from "@/lib/emails/create-cycle-email";
import { getEmailHtml, putEmailHtml } from "@/lib/emails/email-html-storage";
import { unsubscribeToken, unsubscribeUrl } from "@/lib/emails/unsubscribe-link";
import type { Email } from "@/lib/generated/prisma/client";

/** The homeowner email as handed to a transport: stored HTML, our Message-ID, RFC 8058 headers. */
export async function homeownerMessage(
  deps: PipelineDeps,
  campaign: CampaignForWork,
  email: Email,
  route: Pick<AgentRoute, "from" | "replyTo">,
): Promise<OutgoingMessage> {
  const html =
    (await getEmailHtml(deps.s3, deps.config.aws.emailBucket, email.htmlStorageKey)) ??
    (await restoreHtml(deps, campaign, email));
  const oneClick = unsubscribeUrl(
    deps.config.appUrl,
    await unsubscribeToken(campaign.id, deps.config.linkSigningSecret),
  );
  return {
    kind: "homeowner",
    userId: campaign.userId,
    emailId: email.id,
    from: route.from,
    to: { name: email.toName, address: email.toEmail },
    replyTo: route.replyTo,
    subject: email.subject,
    html,
    text: email.textBody,
    headers: {
      // RFC 8058 one-click unsubscribe (Gmail/Yahoo bulk-sender rules). No mailto: address: nothing
      // receives mail there, and the one-click URL is what mail providers use.
      "List-Unsubscribe": `<${oneClick}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    messageId: email.messageId,
  };
}

/** The stored HTML is gone (an emulator restart locally): render it again from the cycle's data. */
async function restoreHtml(deps: PipelineDeps, campaign: CampaignForWork, email: Email): Promise<string> {
  const again = await renderCycleEmail(
    deps,
    campaign,
    email.scheduledSendDatetime,
    email.introText,
    email.subject,
  );
  if (!again) throw new Error(`stored HTML ${email.htmlStorageKey} is missing and cannot be rendered again`);
  await putEmailHtml(deps.s3, deps.config.aws.emailBucket, email.htmlStorageKey, again.rendered.html);
  deps.log.warn(
    { emailId: email.id, key: email.htmlStorageKey },
    "stored email HTML was missing; rendered it again",
  );
  return again.rendered.html;
}
