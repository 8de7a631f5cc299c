import { EmailPreviewFrame } from "@/components/email-preview-frame";
import { SubmitButton } from "@/components/submit-button";
import type { CampaignState } from "@/lib/campaigns/describe-campaign-state";
import type { getCurrentCycle } from "@/lib/campaigns/get-current-cycle";
import { FAILED_CYCLE_RETRY_HOURS } from "@/lib/campaigns/poller/advance-gathered-campaigns";
import { formatDateTime } from "@/lib/format";
import { approveEmailAction } from "../actions";
import { DeliveryNote } from "./delivery-note";
import { EditEmailForm } from "./edit-email-form";
import { rejectEmailAction } from "./email-actions";

type Cycle = Awaited<ReturnType<typeof getCurrentCycle>>;

const ARTIFACT_LABELS: Record<string, string> = {
  LOCAL_MARKET: "Market data",
  ACTIVE_LISTINGS: "Nearby listings",
  RECENT_SALES: "Recent sales",
  PROPERTY_VALUATION: "Home valuation",
  INTRO: "Personal intro",
  HOME_REPORT: "Home report",
};

const SOURCE_LABELS: Record<string, string> = {
  sample: "sample data (local mode)",
  rentcast: "from Rentcast",
  "zillow-v1": "from Zillow",
  "zillow-v2": "from Zillow (second API)",
  template: "written by the built-in writer",
};

/** "bedrock:<model id>" reads as the model that wrote the text. */
function describeSource(source: string): string {
  if (source.startsWith("bedrock:")) return `written by AI (${source.slice("bedrock:".length)})`;
  return SOURCE_LABELS[source] ?? source;
}
/** What a failure means for the email (DESIGN.md §4: valuation and market data are required). */
const FAILED_NOTES: Record<string, string> = {
  LOCAL_MARKET: `Required: this month's email waits, and the cycle is retried in ${FAILED_CYCLE_RETRY_HOURS} hours.`,
  PROPERTY_VALUATION: `Required: this month's email waits, and the cycle is retried in ${FAILED_CYCLE_RETRY_HOURS} hours.`,
  ACTIVE_LISTINGS: "The email goes out without nearby listings.",
  RECENT_SALES: "The email goes out without recent sales.",
  INTRO: "The email uses the built-in intro.",
  HOME_REPORT: "The email uses the built-in home report.",
};

const STATUS_STYLES: Record<string, string> = {
  PENDING: "text-slate-500",
  RUNNING: "text-amber-700",
  READY: "text-emerald-700",
  FAILED: "text-red-700",
};

const EMAIL_STATUS: Record<string, string> = {
  READY: "Ready",
  SENDING: "Sending",
  COMPLETE: "Sent",
  FAILED: "Failed",
  EXPIRED: "Expired (replaced)",
  CANCELED: "Canceled",
};

/** The states in which the latest email is this cycle's, waiting or going out: its state says when. */
const LIVE_EMAIL_STATES = new Set<CampaignState["kind"]>(["awaiting-approval", "ready", "sending"]);

const SKIPPABLE_STATUSES = new Set(["READY_TO_CREATE_EMAIL", "READY_TO_SEND_EMAIL"]);

/** The data gathered for this month's email, and the email itself with its approval. */
export function CurrentCycle({
  campaignId,
  campaignStatus,
  state,
  cycle,
  timeZone,
  previewHtml,
}: {
  campaignId: string;
  campaignStatus: string;
  /** The campaign's state (describe-campaign-state.ts): when a waiting email actually goes out. */
  state: CampaignState;
  cycle: Cycle;
  timeZone: string;
  /** The stored HTML of a waiting email (undefined when not loaded, null when missing). */
  previewHtml: string | null | undefined;
}) {
  const { artifacts, email } = cycle;
  if (artifacts.length === 0 && !email) return null;
  const waiting = email?.status === "READY" && email.approvalStatus !== "REJECTED";
  return (
    // Less padding on phones: the email preview inside gets the width.
    <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 className="text-base font-semibold">This month&apos;s email</h2>
      {email ? (
        <div
          className="mt-4 rounded-lg border border-slate-200 p-3 text-sm sm:p-4"
          data-testid="current-email"
        >
          <p className="font-medium wrap-anywhere">{email.subject}</p>
          <p className="mt-1 wrap-anywhere text-slate-600">
            To {email.toEmail} ·{" "}
            {LIVE_EMAIL_STATES.has(state.kind) ? state.label : (EMAIL_STATUS[email.status] ?? email.status)}
            {email.sentAt ? ` on ${formatDateTime(email.sentAt, timeZone)}` : ""}
          </p>
          <DeliveryNote email={email} />
          {email.error && email.status !== "COMPLETE" ? (
            <p className="mt-1 text-red-700">{email.error}</p>
          ) : null}
          {email.approvalStatus === "PENDING" && email.status === "READY" ? (
            <div className="mt-3 flex items-center gap-3">
              <form action={approveEmailAction.bind(null, campaignId, email.id)}>
                <SubmitButton pendingLabel="Approving…">Approve email</SubmitButton>
              </form>
              <span className="text-xs text-slate-500">{state.detail}</span>
            </div>
          ) : email.approvalStatus === "APPROVED" ? (
            <p className="mt-2 text-xs text-emerald-700">Approved by you.</p>
          ) : email.approvalStatus === "REJECTED" ? (
            <p className="mt-2 text-xs text-slate-600">You skipped this email; it will not be sent.</p>
          ) : null}
          {waiting && SKIPPABLE_STATUSES.has(campaignStatus) ? (
            <details className="mt-3">
              <summary className="cursor-pointer text-sm text-slate-700 hover:underline">
                Skip this month…
              </summary>
              <div className="mt-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
                <p>
                  This email will not be sent. The next one is prepared for next month&apos;s send day as
                  usual.
                </p>
                <form action={rejectEmailAction.bind(null, campaignId, email.id)} className="mt-2">
                  <SubmitButton variant="danger" pendingLabel="Skipping…">
                    Skip this email
                  </SubmitButton>
                </form>
              </div>
            </details>
          ) : null}
          {waiting && campaignStatus === "READY_TO_CREATE_EMAIL" ? (
            <details className="mt-3">
              <summary className="cursor-pointer text-sm text-slate-700 hover:underline">
                Edit subject and intro…
              </summary>
              <div className="mt-3">
                <EditEmailForm
                  campaignId={campaignId}
                  emailId={email.id}
                  subject={email.subject}
                  introText={email.introText ?? ""}
                />
              </div>
            </details>
          ) : null}
          {previewHtml !== undefined ? (
            <details className="mt-3" open={email.approvalStatus === "PENDING"}>
              <summary className="cursor-pointer text-sm text-slate-700 hover:underline">
                Preview (exactly as it will be sent)
              </summary>
              <div className="mt-3">
                <EmailPreviewFrame html={previewHtml} title={`Preview of “${email.subject}”`} />
              </div>
            </details>
          ) : null}
        </div>
      ) : null}
      {artifacts.length > 0 ? (
        <ul className="mt-4 grid gap-2 text-sm sm:grid-cols-2" aria-label="Data for this email">
          {artifacts.map((artifact) => (
            <li key={artifact.id} className="rounded-md bg-slate-50 px-3 py-2">
              <span className="font-medium">{ARTIFACT_LABELS[artifact.kind] ?? artifact.kind}</span>
              <span className={`ml-2 text-xs ${STATUS_STYLES[artifact.status] ?? ""}`}>
                {artifact.status.toLowerCase()}
                {artifact.attempts > 1 ? ` after ${artifact.attempts} attempts` : ""}
              </span>
              {artifact.source ? (
                <span className="block text-xs text-slate-500">{describeSource(artifact.source)}</span>
              ) : null}
              {artifact.error ? (
                // On a READY artifact the error is a note: why the built-in text stands in for the AI's.
                <span
                  className={`block text-xs ${artifact.status === "READY" ? "text-amber-700" : "text-red-700"}`}
                >
                  {artifact.error}
                </span>
              ) : null}
              {artifact.status === "FAILED" ? (
                <span className="block text-xs text-slate-600">{FAILED_NOTES[artifact.kind] ?? ""}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
