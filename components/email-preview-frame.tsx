/**
 * The exact HTML of an email, shown in a sandboxed frame: no scripts, no same-origin access, so the
 * email's markup cannot touch the page around it.
 */
export function EmailPreviewFrame({ html, title }: { html: string | null; title: string }) {
  if (html === null) {
    return (
      <p className="rounded-md border border-slate-200 bg-slate-50 px-4 py-6 text-center text-sm text-slate-500">
        The stored email is not available right now; it is rendered again before it is sent.
      </p>
    );
  }
  return (
    <iframe
      title={title}
      srcDoc={html}
      sandbox=""
      className="h-[70vh] min-h-[480px] w-full rounded-lg border border-slate-200 bg-white"
    />
  );
}
