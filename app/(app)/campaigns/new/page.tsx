import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { PostalAddressNotice } from "@/components/postal-address-notice";
import { hasPostalAddress } from "@/lib/agents/postal-address";
import { requireAgent } from "@/lib/auth/current-agent";
import { createCampaignAction } from "../actions";
import { CampaignForm } from "../campaign-form";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage() {
  const agent = await requireAgent();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="New campaign"
        description="Add a past client and their home. Dripr emails them a personal home report every month."
      />
      {hasPostalAddress(agent) ? null : (
        <div className="mb-6">
          <PostalAddressNotice />
        </div>
      )}
      <CampaignForm
        action={createCampaignAction}
        initialValues={{ fixedSendDay: "15" }}
        submitLabel="Create campaign"
        cancelHref="/campaigns"
      />
    </div>
  );
}
