import Link from "next/link";
import { gmailConnectionOf } from "@/lib/delivery/gmail-connection/gmail-connection-for-app";
import { formatDate } from "@/lib/format";

/** Says so on the dashboard when the agent's Gmail grant stopped working (mail goes via Postmark). */
export async function GmailAlert({ agentId, timeZone }: { agentId: string; timeZone: string }) {
  const connection = await gmailConnectionOf(agentId);
  if (!connection || connection.status === "CONNECTED") return null;
  return (
    <p
      role="alert"
      className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      data-testid="gmail-alert"
    >
      Gmail access for {connection.googleEmail} stopped working
      {connection.revokedAt ? ` on ${formatDate(connection.revokedAt, timeZone)}` : ""}. Your emails are going
      out through Dripr&apos;s mail service with your name and your address as Reply-To
      {connection.fallbackSends > 0 ? ` (${connection.fallbackSends} so far)` : ""}.{" "}
      <Link href="/settings" className="font-medium underline">
        Reconnect Gmail
      </Link>
    </p>
  );
}
