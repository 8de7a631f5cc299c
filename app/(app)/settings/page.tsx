import type { Metadata } from "next";
import { ClearFlashParams } from "@/components/clear-flash-params";
import { PageHeader } from "@/components/page-header";
import { formatPhone } from "@/lib/agents/phone-number";
import { requireAgent } from "@/lib/auth/current-agent";
import { BillingSection } from "./billing-section";
import { GmailSection } from "./gmail-section";
import { ProfileForm } from "./profile-form";
import { WritingSection } from "./writing-section";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<{ gmail?: string | string[]; reason?: string | string[] }>;
}) {
  const agent = await requireAgent();
  const v = (value: string | null) => value ?? "";
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="Settings" description={`Signed in as ${agent.email}`} />
      {/* The Gmail connection's outcome, from its OAuth callback (gmail-section.tsx). */}
      <ClearFlashParams names={["gmail", "reason"]} />
      <ProfileForm
        initialValues={{
          firstName: agent.firstName,
          lastName: agent.lastName,
          phone: agent.phone ? formatPhone(agent.phone) : "",
          brokerageName: v(agent.brokerageName),
          licenseNumber: v(agent.licenseNumber),
          addressLine1: v(agent.addressLine1),
          addressLine2: v(agent.addressLine2),
          city: v(agent.city),
          state: v(agent.state),
          postalCode: v(agent.postalCode),
          timeZone: agent.timeZone,
          sendingWindowEnabled: agent.sendingWindowEnabled ? "on" : "",
        }}
      />
      <WritingSection agent={agent} />
      <GmailSection agentId={agent.id} timeZone={agent.timeZone} notice={await searchParams} />
      <BillingSection agentId={agent.id} />
    </div>
  );
}
