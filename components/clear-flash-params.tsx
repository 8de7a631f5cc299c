"use client";

import { useSearchParams } from "next/navigation";
import { useEffect } from "react";

/**
 * One-time notices ("Campaign created.") come from the redirect's query (`?created=1`). Once the page
 * showing them has rendered, this takes those parameters out of the address bar: the notice stays on
 * screen until the next navigation or refresh, but a reload, a bookmark, a shared link or the next
 * server action on the page no longer shows it. `replaceState` (no new history entry) is integrated
 * with the App Router, which keeps its state and updates `useSearchParams`; nothing is fetched. The
 * effect follows the search parameters, so a second redirect to the same page with a notice is
 * cleared too.
 */
export function ClearFlashParams({ names }: { names: readonly string[] }) {
  const searchParams = useSearchParams();
  const list = names.join(",");
  useEffect(() => {
    const present = list.split(",").filter((name) => searchParams.has(name));
    if (present.length === 0) return;
    const url = new URL(window.location.href);
    for (const name of present) url.searchParams.delete(name);
    window.history.replaceState(null, "", url);
  }, [list, searchParams]);
  return null;
}
