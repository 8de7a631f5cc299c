import { SubmitButton } from "@/components/submit-button";
import { gmailConnectionOf } from "@/lib/delivery/gmail-connection/gmail-connection-for-app";
import { getConfig } from "@/lib/env";
import { formatDate } from "@/lib/format";
import { connectGmailAction, disconnectGmailAction } from "./gmail-actions";

type Notice = { gmail?: string | string[]; reason?: string | string[] };

/** Settings → Sending: connect the agent's Gmail, see its state, disconnect. */
export async function GmailSection({
  agentId,
  timeZone,
  notice,
}: {
  agentId: string;
  timeZone: string;
  notice: Notice;
}) {
  const config = getConfig();
  const shown = typeof notice.gmail === "string" ? notice.gmail : undefined;
  const reason = typeof notice.reason === "string" ? notice.reason : undefined;
  const connection = await gmailConnectionOf(agentId);
  const fallbackName =
    config.integrations.mail === "postmark" ? "Dripr's mail service (Postmark)" : "the local outbox";
  return (
    <section
      aria-labelledby="gmail-heading"
      className="mt-8 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 id="gmail-heading" className="text-base font-semibold text-slate-900">
        Send from your Gmail
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Your monthly emails go out from your own mailbox, so replies come straight to you. Dripr asks only for
        permission to send email; it never reads your mailbox.
      </p>
      {shown === "connected" ? (
        <p
          role="status"
          className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800"
        >
          Gmail connected.
        </p>
      ) : shown === "disconnected" ? (
        <p
          role="status"
          className="mt-4 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"
        >
          Gmail disconnected. Emails now go through {fallbackName}.
        </p>
      ) : shown === "error" ? (
        <p
          role="alert"
          className="mt-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          Gmail was not connected: {reason ?? "something went wrong"}.
        </p>
      ) : null}

      {config.integrations.gmail !== "google" ? (
        <p className="mt-4 text-sm text-slate-600">
          Gmail sending is not set up on this server, so your emails go through {fallbackName}, with your name
          as the sender and your address as Reply-To.
        </p>
      ) : !connection ? (
        <div className="mt-4 flex flex-wrap items-center gap-4">
          <form action={connectGmailAction}>
            <SubmitButton pendingLabel="Opening Google…">Connect Gmail</SubmitButton>
          </form>
          <p className="text-sm text-slate-600">
            Until you do, emails go through {fallbackName} with your name and your address as Reply-To.
          </p>
        </div>
      ) : connection.status === "CONNECTED" ? (
        <div className="mt-4 flex flex-wrap items-center justify-between gap-4">
          <p className="text-sm text-slate-700">
            <span className="mr-2 inline-block h-2 w-2 rounded-full bg-emerald-500" aria-hidden />
            Sending from <strong>{connection.googleEmail}</strong> since{" "}
            {formatDate(connection.connectedAt, timeZone)}.
          </p>
          <form action={disconnectGmailAction}>
            <SubmitButton variant="secondary" pendingLabel="Disconnecting…">
              Disconnect
            </SubmitButton>
          </form>
        </div>
      ) : (
        <div className="mt-4 space-y-4">
          <div
            role="alert"
            className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          >
            <p className="font-medium">
              Gmail access for {connection.googleEmail} stopped working
              {connection.revokedAt ? ` on ${formatDate(connection.revokedAt, timeZone)}` : ""}.
            </p>
            <p className="mt-1">
              {connection.lastError ? `Google said: ${connection.lastError}. ` : ""}
              Your emails are going out through {fallbackName} instead, with your name as the sender and your
              address as Reply-To{connection.fallbackSends > 0 ? ` (${connection.fallbackSends} so far)` : ""}
              . Reconnect to send from your mailbox again.
            </p>
          </div>
          <div className="flex flex-wrap gap-3">
            <form action={connectGmailAction}>
              <SubmitButton pendingLabel="Opening Google…">Reconnect Gmail</SubmitButton>
            </form>
            <form action={disconnectGmailAction}>
              <SubmitButton variant="secondary" pendingLabel="Removing…">
                Remove
              </SubmitButton>
            </form>
          </div>
        </div>
      )}
    </section>
  );
}
