import Link from "next/link";

const PROVIDER_LABELS: Record<string, string> = {
  GMAIL: "from your Gmail",
  POSTMARK: "through Dripr's mail service (Postmark)",
  LOCAL_OUTBOX: "to the local outbox (development)",
};

/** How the email went out (or is going out), and why it did not use the agent's Gmail. */
export function DeliveryNote({
  email,
}: {
  email: { status: string; provider: string | null; fallbackReason: string | null };
}) {
  if (!email.provider || (email.status !== "COMPLETE" && email.status !== "SENDING")) return null;
  const how = PROVIDER_LABELS[email.provider] ?? email.provider;
  return (
    <p className="mt-1 text-xs text-slate-600" data-testid="delivery-note">
      {email.status === "COMPLETE" ? "Sent" : "Being sent"} {how}
      {email.provider === "POSTMARK" && email.fallbackReason ? (
        <>
          {" "}
          because {email.fallbackReason.replace(/; reconnect Gmail in Settings$/, "")} ·{" "}
          <Link href="/settings" className="underline">
            Gmail settings
          </Link>
        </>
      ) : null}
      .
    </p>
  );
}
