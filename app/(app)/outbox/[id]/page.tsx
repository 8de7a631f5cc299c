import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireAgent } from "@/lib/auth/current-agent";
import { getLocalOutboxMessage } from "@/lib/delivery/get-local-outbox-message";
import { mailKindLabel } from "@/lib/delivery/types";
import { getConfig } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { LocalOutboxBanner } from "../local-outbox-banner";

export const metadata: Metadata = { title: "Sent email" };

const storedHeaders = z.record(z.string(), z.string()).catch({});

type Props = { params: Promise<{ id: string }> };

export default async function OutboxMessagePage({ params }: Props) {
  const agent = await requireAgent();
  const config = getConfig();
  if (config.mode === "production") notFound();
  const { id } = await params;
  const message = await getLocalOutboxMessage(agent.id, id);
  if (!message) notFound();

  const headers: [string, string][] = [
    ["Date", formatDateTime(message.createdAt, agent.timeZone)],
    ["From", message.fromAddress],
    ["To", message.toAddress],
    ...(message.replyTo ? [["Reply-To", message.replyTo] as [string, string]] : []),
    ["Subject", message.subject],
    ["Message-ID", message.messageId],
    ...Object.entries(storedHeaders.parse(message.headers)),
  ];

  return (
    <div className="space-y-6">
      <div>
        <Link href="/outbox" className="text-sm text-slate-500 hover:underline">
          ← Outbox
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{message.subject}</h1>
        <p className="text-sm text-slate-600">{mailKindLabel(message.kind)}</p>
      </div>
      <LocalOutboxBanner delivering={config.integrations.mail} />

      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Headers</h2>
        <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          {headers.map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="font-medium text-slate-600">{name}</dt>
              <dd className="break-all font-mono text-xs leading-5 text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">HTML</h2>
        {/* sandbox="" : no scripts, no same-origin access, no navigation of this page. */}
        <iframe
          title={`HTML part of “${message.subject}”`}
          sandbox=""
          srcDoc={message.html}
          className="mt-3 h-[900px] w-full rounded-lg border border-slate-200 bg-slate-100"
        />
      </section>

      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Plain text</h2>
        <pre className="mt-3 whitespace-pre-wrap break-words font-mono text-sm text-slate-800">
          {message.text}
        </pre>
      </section>
    </div>
  );
}
