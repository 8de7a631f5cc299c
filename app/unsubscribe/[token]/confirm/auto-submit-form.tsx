"use client";

import { useEffect, useRef } from "react";
import { SubmitButton } from "@/components/submit-button";

/**
 * The footer link's page unsubscribes at once: in a browser this form submits itself (a POST) as soon
 * as the page loads. A link scanner that only fetches the page changes nothing; without JavaScript
 * the button does the same in one click.
 */
export function AutoSubmitForm({ action }: { action: string }) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.requestSubmit();
  }, []);
  return (
    <form ref={form} method="post" action={action} className="mt-6">
      <input type="hidden" name="via" value="page" />
      <SubmitButton pendingLabel="Unsubscribing…">Unsubscribe</SubmitButton>
    </form>
  );
}
