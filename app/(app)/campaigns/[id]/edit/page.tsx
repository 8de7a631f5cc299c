import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { requireAgent } from "@/lib/auth/current-agent";
import { campaignFormValues } from "@/lib/campaigns/campaign-form-values";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { updateCampaignAction } from "../../actions";
import { CampaignForm } from "../../campaign-form";

export const metadata: Metadata = { title: "Edit campaign" };

export default async function EditCampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const agent = await requireAgent();
  const { id } = await params;
  const campaign = await getCampaign(agent.id, id);
  if (!campaign) notFound();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={`Edit ${campaign.clientFirstName} ${campaign.clientLastName}`.trim()} />
      <CampaignForm
        action={updateCampaignAction.bind(null, campaign.id)}
        initialValues={campaignFormValues(campaign)}
        submitLabel="Save changes"
        cancelHref={`/campaigns/${campaign.id}`}
      />
    </div>
  );
}
