import type { Metadata } from "next";
import { SubmitButton } from "@/components/submit-button";
import { getDb } from "@/lib/db";
import { unsubscribeLinkState } from "@/lib/emails/unsubscribe-homeowner";
import { getConfig } from "@/lib/env";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false, follow: false } };

type Props = { params: Promise<{ token: string }> };

// Public page (no sign-in): the homeowner arrives from the footer of a monthly email.
export default async function UnsubscribePage({ params }: Props) {
  const { token } = await params;
  const link = await unsubscribeLinkState({ db: getDb(), secret: getConfig().linkSigningSecret }, token);
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        {link.state === "invalid" ? (
          <>
            <h1 className="text-lg font-semibold">This unsubscribe link is not valid</h1>
            <p className="mt-2 text-sm text-slate-600">
              It may have been cut off when it was copied. Open the link from the email again, or reply to the
              email and ask to be removed.
            </p>
          </>
        ) : link.state === "gone" ? (
          <>
            <h1 className="text-lg font-semibold">You will not receive these emails</h1>
            <p className="mt-2 text-sm text-slate-600">These monthly updates have been stopped.</p>
          </>
        ) : link.state === "unsubscribed" ? (
          <div role="status">
            <h1 className="text-lg font-semibold">You are unsubscribed</h1>
            <p className="mt-2 text-sm text-slate-600">
              {link.email} will not receive any more monthly home updates from {link.agentName}.
            </p>
          </div>
        ) : (
          <>
            <h1 className="text-lg font-semibold">Unsubscribe {link.email}?</h1>
            <p className="mt-2 text-sm text-slate-600">
              You will stop receiving monthly home updates from {link.agentName}.
            </p>
            {/* One button, never pressed for the homeowner: mail scanners open links and run their
                scripts, and must not unsubscribe anyone. The mail app's one-click unsubscribe
                (RFC 8058) posts to the same address without this page. */}
            <form method="post" action={`/unsubscribe/${encodeURIComponent(token)}`} className="mt-6">
              <input type="hidden" name="via" value="page" />
              <SubmitButton pendingLabel="Unsubscribing…">Unsubscribe</SubmitButton>
            </form>
          </>
        )}
      </div>
    </main>
  );
}
