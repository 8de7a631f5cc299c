import type { Metadata } from "next";
import { EmailPreviewFrame } from "@/components/email-preview-frame";
import { SubmitButton } from "@/components/submit-button";
import { approvedEmailSendTime, goesOutOnceApproved } from "@/lib/campaigns/describe-campaign-state";
import { schedulingSettingsFor } from "@/lib/campaigns/scheduling-settings";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { getDb } from "@/lib/db";
import {
  inspectApprovalLink,
  LINK_PROBLEM_MESSAGES,
  type LinkEmail,
} from "@/lib/emails/approve-email-by-link";
import { getEmailHtml } from "@/lib/emails/email-html-storage";
import { getConfig } from "@/lib/env";
import { formatDateTime, formatSendTime } from "@/lib/format";
import { SENDING_WINDOW_LABEL } from "@/lib/scheduling/types";
import { approveByLinkAction } from "./actions";

export const metadata: Metadata = { title: "Approve email", robots: { index: false, follow: false } };

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Public page reached from the approval-request email. Viewing it changes nothing: mail scanners
// follow links. Only the button's POST (a server action) approves.
export default async function ApprovePage({ params, searchParams }: Props) {
  const { token } = await params;
  const { result } = await searchParams;
  const config = getConfig();
  const now = new Date();
  const link = await inspectApprovalLink({ db: getDb(), secret: config.linkSigningSecret, now }, token);
  const justApproved = result === "approved" && (link.state === "used" || link.state === "already-approved");
  // When it goes out by the sending rules, as the campaign page says it: a late approval goes out now
  // (or when the window opens), not at its scheduled time, which has passed.
  const sendTime = (email: LinkEmail) =>
    approvedEmailSendTime(email, schedulingSettingsFor(email, config.pipeline), now);
  const goesOut = (email: LinkEmail) => {
    const at = sendTime(email);
    const when = at.now ? "in the next few minutes" : formatSendTime(at.time, email.timeZone, now);
    // Only an agent who kept the sending window on waits for it; without it any hour sends.
    const window = email.sendingWindowEnabled ? `, inside your sending hours (${SENDING_WINDOW_LABEL})` : "";
    return `The email goes out ${when}${window}.`;
  };

  if (link.state !== "ready") {
    return (
      <Shell>
        {justApproved ? (
          <div role="status">
            <h1 className="text-lg font-semibold text-emerald-800">Approved</h1>
            <p className="mt-2 text-sm text-slate-600">
              {link.state === "used" ? `${goesOut(link.email)} ` : ""}You can close this page.
            </p>
          </div>
        ) : (
          <div role="alert">
            <h1 className="text-lg font-semibold">Nothing was approved</h1>
            <p className="mt-2 text-sm text-slate-600">
              {LINK_PROBLEM_MESSAGES[link.state]}
              {link.state === "used" ? ` It was used on ${formatDateTime(link.usedAt, link.timeZone)}.` : ""}
            </p>
          </div>
        )}
      </Shell>
    );
  }

  const { email } = link;
  const s3 = createS3Client(config.aws);
  const html = await getEmailHtml(s3, config.aws.emailBucket, email.htmlStorageKey).finally(() =>
    s3.destroy(),
  );
  return (
    <Shell wide>
      <h1 className="text-lg font-semibold">Approve this email?</h1>
      <dl className="mt-3 grid gap-1 text-sm text-slate-700 sm:grid-cols-[8rem_minmax(0,1fr)]">
        <dt className="text-slate-500">To</dt>
        <dd className="wrap-anywhere">
          {email.toName} &lt;{email.toEmail}&gt;
        </dd>
        <dt className="text-slate-500">Subject</dt>
        <dd className="font-medium wrap-anywhere">{email.subject}</dd>
        <dt className="text-slate-500">Goes out</dt>
        <dd>{goesOutOnceApproved(sendTime(email), email.timeZone, now)}</dd>
      </dl>
      <form action={approveByLinkAction.bind(null, token)} className="mt-4 flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel="Approving…">Approve</SubmitButton>
        <span className="text-xs text-slate-500">To edit or skip it, open the campaign in Dripr.</span>
      </form>
      {/* The email at its full height, as wide as the phone allows: no box within a box to scroll. */}
      <div className="-mx-3 mt-6 sm:mx-0">
        <EmailPreviewFrame html={html} title={`Preview of “${email.subject}”`} />
      </div>
    </Shell>
  );
}

function Shell({ children, wide = false }: { children: React.ReactNode; wide?: boolean }) {
  return (
    <main className="flex min-h-screen justify-center px-3 py-6 sm:px-4 sm:py-12">
      <div className={`w-full ${wide ? "max-w-3xl" : "max-w-md"}`}>
        <p className="mb-6 text-center text-2xl font-bold tracking-tight text-brand-700">Dripr</p>
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">{children}</div>
      </div>
    </main>
  );
}
