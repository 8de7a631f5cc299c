"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const EVERY_MS = 2_000;
const GIVE_UP_AFTER_MS = 90_000;

/**
 * Back from Checkout before Stripe's webhook has landed: the page is rendered again from the server
 * every 2 s (router.refresh keeps this component and its timer) until it shows the subscription,
 * which unmounts this. After 90 s it stops and says what to do.
 */
export function ConfirmingPayment() {
  const router = useRouter();
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started >= GIVE_UP_AFTER_MS) {
        clearInterval(timer);
        setGaveUp(true);
      } else router.refresh();
    }, EVERY_MS);
    return () => clearInterval(timer);
  }, [router]);

  if (gaveUp) {
    return (
      <p
        role="alert"
        data-testid="checkout-confirming"
        className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      >
        Stripe has not confirmed your payment yet. It usually takes seconds; reload this page in a few
        minutes. If you were charged and it still shows no plan, contact support: nothing is lost, Stripe
        tells Dripr again until it is received.
      </p>
    );
  }
  return (
    <p
      role="status"
      data-testid="checkout-confirming"
      className="flex items-center rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900"
    >
      <span
        aria-hidden
        className="mr-2 inline-block size-3.5 shrink-0 animate-spin rounded-full border-2 border-current border-t-transparent"
      />
      Confirming your payment… This page updates as soon as Stripe confirms it.
    </p>
  );
}
