import Link from "next/link";
import { POSTAL_ADDRESS_REQUIRED } from "@/lib/agents/postal-address";

/** Why sending is blocked, with the way to fix it (an agent without a postal address, CAN-SPAM). */
export function PostalAddressNotice() {
  return (
    <p
      role="alert"
      className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
    >
      {POSTAL_ADDRESS_REQUIRED}{" "}
      <Link href="/settings" className="font-medium underline">
        Open Settings
      </Link>
    </p>
  );
}
