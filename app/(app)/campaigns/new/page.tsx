import type { Metadata } from "next";
import { BillingGateNotice, PlanLimitNotice } from "@/components/billing-notices";
import { PageHeader } from "@/components/page-header";
import { PostalAddressNotice } from "@/components/postal-address-notice";
import { hasPostalAddress } from "@/lib/agents/postal-address";
import { requireAgent } from "@/lib/auth/current-agent";
import { billingGate } from "@/lib/billing/billing-gate";
import { getPlanUsage } from "@/lib/billing/campaign-limit";
import { getConfig } from "@/lib/env";
import { createCampaignAction } from "../actions";
import { CampaignForm } from "../campaign-form";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage() {
  const agent = await requireAgent();
  const { billing } = getConfig();
  const usage = await getPlanUsage(agent, billing !== undefined);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="New campaign"
        description="Add a past client and their home. Dripr emails them a personal home report every month."
      />
      <div className="mb-6 space-y-3 empty:hidden">
        <PlanLimitNotice usage={usage} />
        <BillingGateNotice gate={billingGate(agent, billing, new Date())} timeZone={agent.timeZone} />
      </div>
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
