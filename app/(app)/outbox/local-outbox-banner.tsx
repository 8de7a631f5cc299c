/** Says plainly that nothing here was delivered, and how mail leaves Dripr in production. */
export function LocalOutboxBanner({ delivering }: { delivering: "local-outbox" | "postmark" }) {
  return (
    <div
      role="note"
      className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p className="font-medium">This is the local outbox.</p>
      <p className="mt-1">
        {delivering === "local-outbox"
          ? "In local mode Dripr delivers no mail: every email it would send, to your clients and to you, is stored here instead. "
          : "Mail is now delivered through Postmark; this outbox only shows what was stored while the local outbox was in use. "}
        In production, homeowner emails go out from your own Gmail (or Postmark as a fallback), and system
        mail through Postmark.
      </p>
    </div>
  );
}
