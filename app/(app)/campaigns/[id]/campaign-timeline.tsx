import { formatDateTime } from "@/lib/format";
import type { CampaignStatus } from "@/lib/generated/prisma/enums";
import { describeActor, describeTimelineEntry } from "./timeline-entry";

type Entry = {
  id: string;
  event: string;
  cycle: number;
  fromStatus: CampaignStatus | null;
  toStatus: CampaignStatus | null;
  reason: string | null;
  actor: string;
  at: Date;
};

/** What happened to the campaign, newest first, as the history table recorded it. */
export function CampaignTimeline({
  history,
  agentId,
  timeZone,
}: {
  history: Entry[];
  agentId: string;
  timeZone: string;
}) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-base font-semibold">Timeline</h2>
      {history.length === 0 ? (
        <p className="mt-4 text-sm text-slate-500">Nothing has happened yet.</p>
      ) : (
        <ol className="mt-4 space-y-4 border-l border-slate-200 pl-4 text-sm" aria-label="Campaign timeline">
          {history.map((entry) => (
            <li key={entry.id} className="relative">
              <span
                aria-hidden
                className="absolute -left-[21px] top-1.5 size-2.5 rounded-full bg-brand-600"
              />
              <p className="font-medium">{describeTimelineEntry(entry)}</p>
              {entry.reason ? <p className="wrap-anywhere text-slate-600">{entry.reason}</p> : null}
              <p className="text-xs text-slate-500">
                {formatDateTime(entry.at, timeZone)} · {describeActor(entry.actor, agentId)}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
