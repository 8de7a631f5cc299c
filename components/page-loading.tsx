/** Shown while a list page loads (only where no notFound() can follow: streaming would make a 404 a 200). */
export function PageLoading() {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 py-16 text-sm text-slate-500">
      <span className="inline-block size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
      Loading…
    </div>
  );
}
