"use client";

import { useEffect, useRef } from "react";

/**
 * The exact HTML of an email, shown in a sandboxed frame as tall as the email, so it reads like
 * the email itself rather than scrolling in a short box (on a phone the email is long).
 *
 * The sandbox allows no scripts, forms, pop-ups or navigation of this page. It does allow the
 * frame's document to count as this page's origin: that is what lets this page read the email's
 * height. With scripts off the email's markup still cannot act on the page around it. Without
 * JavaScript the frame keeps its fixed height and scrolls.
 */
export function EmailPreviewFrame({
  html,
  title,
  className = "",
}: {
  html: string | null;
  title: string;
  className?: string;
}) {
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    const iframe = frame.current;
    if (!iframe) return;
    const fitHeight = () => {
      const root = iframe.contentDocument?.documentElement;
      // A frame that is not laid out (inside a closed <details>) has no height to take yet.
      if (!root || iframe.clientWidth === 0) return;
      // The frame's height includes its border (border-box); the email needs all of the inside.
      const border = iframe.offsetHeight - iframe.clientHeight;
      // The email's own height (not scrollHeight, which never falls below the frame's height, so a
      // frame would not shrink when a wider window makes the email shorter).
      const height = `${Math.ceil(root.getBoundingClientRect().height) + border}px`;
      if (iframe.style.height === height) return;
      iframe.style.height = height;
      iframe.style.minHeight = "0";
    };
    // A new width (window resized, a <details> opened) changes the email's height.
    const resized = new ResizeObserver(fitHeight);
    resized.observe(iframe);
    iframe.addEventListener("load", fitHeight);
    fitHeight();
    return () => {
      resized.disconnect();
      iframe.removeEventListener("load", fitHeight);
    };
  }, []);

  if (html === null) {
    return (
      <p className="rounded-md border border-slate-200 bg-slate-50 px-4 py-6 text-center text-sm text-slate-500">
        The stored email is not available right now; it is rendered again before it is sent.
      </p>
    );
  }
  return (
    <iframe
      ref={frame}
      title={title}
      srcDoc={html}
      sandbox="allow-same-origin"
      className={`h-[70vh] min-h-[480px] w-full rounded-lg border border-slate-200 bg-white ${className}`}
    />
  );
}
