import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { stackedTable } from "@/components/stacked-table";
import { requireAgent } from "@/lib/auth/current-agent";
import { LOCAL_OUTBOX_PAGE_SIZE, listLocalOutbox } from "@/lib/delivery/list-local-outbox";
import { mailKindLabel } from "@/lib/delivery/types";
import { getConfig } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { LocalOutboxBanner } from "./local-outbox-banner";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage() {
  const agent = await requireAgent();
  const config = getConfig();
  // Production never uses the local transport; the page would only mislead there.
  if (config.mode === "production") notFound();
  const messages = await listLocalOutbox(agent.id);

  return (
    <div>
      <PageHeader title="Outbox" description="Mail Dripr sent for you in local mode, newest first." />
      <LocalOutboxBanner delivering={config.integrations.mail} />

      {messages.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
          <p className="text-lg font-medium">No mail yet…</p>
          <p className="mt-1 text-sm text-slate-600">
            Emails to your clients and to you appear here as soon as Dripr sends them.
          </p>
        </div>
      ) : (
        <div className={stackedTable.frame}>
          <table className={stackedTable.table}>
            <thead className={stackedTable.head}>
              <tr>
                <th scope="col" className="px-4 py-3">
                  To
                </th>
                <th scope="col" className="px-4 py-3">
                  Subject
                </th>
                <th scope="col" className="px-4 py-3">
                  Kind
                </th>
                <th scope="col" className="px-4 py-3">
                  Sent
                </th>
              </tr>
            </thead>
            <tbody className={stackedTable.body}>
              {messages.map((m) => (
                <tr key={m.id} className={stackedTable.row}>
                  <td
                    data-label="To"
                    className={`${stackedTable.cell} ${stackedTable.labelled} text-slate-700`}
                  >
                    {m.toAddress}
                  </td>
                  <td className={`${stackedTable.lead} row-start-1`}>
                    <Link href={`/outbox/${m.id}`} className="font-medium text-brand-700 hover:underline">
                      {m.subject}
                    </Link>
                  </td>
                  <td
                    className={`${stackedTable.badge} text-xs text-slate-500 sm:text-sm sm:whitespace-nowrap sm:text-inherit`}
                  >
                    {mailKindLabel(m.kind)}
                  </td>
                  <td
                    data-label="Sent"
                    className={`${stackedTable.cell} ${stackedTable.labelled} sm:whitespace-nowrap`}
                  >
                    {formatDateTime(m.createdAt, agent.timeZone)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {messages.length === LOCAL_OUTBOX_PAGE_SIZE ? (
            <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
              Showing the newest {LOCAL_OUTBOX_PAGE_SIZE} messages.
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
