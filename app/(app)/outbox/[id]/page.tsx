import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { EmailPreviewFrame } from "@/components/email-preview-frame";
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
        <h1 className="mt-1 text-2xl font-semibold tracking-tight wrap-anywhere text-slate-900">
          {message.subject}
        </h1>
        <p className="text-sm text-slate-600">{mailKindLabel(message.kind)}</p>
      </div>
      <LocalOutboxBanner delivering={config.integrations.mail} />

      <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Headers</h2>
        <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
          {headers.map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="font-medium text-slate-600">{name}</dt>
              <dd className="mb-1 break-all font-mono text-xs leading-5 text-slate-900 sm:mb-0">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">HTML</h2>
        <div className="mt-3">
          <EmailPreviewFrame html={message.html} title={`HTML part of “${message.subject}”`} />
        </div>
      </section>

      <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Plain text</h2>
        <pre className="mt-3 whitespace-pre-wrap break-words font-mono text-sm text-slate-800">
          {message.text}
        </pre>
      </section>
    </div>
  );
}
