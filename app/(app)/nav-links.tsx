"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/campaigns", label: "Campaigns" },
  { href: "/outbox", label: "Outbox" },
  { href: "/settings", label: "Settings" },
] as const;

/**
 * `showOutbox`: the local outbox exists only while mail goes through the local transport.
 * The links wrap rather than run off a narrow screen.
 */
export function NavLinks({ showOutbox, className = "" }: { showOutbox: boolean; className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className={`flex flex-wrap gap-1 ${className}`}>
      {LINKS.filter((link) => showOutbox || link.href !== "/outbox").map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-2 py-2 text-sm font-medium sm:px-3 ${
              active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
