import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">This page does not exist, or it is not yours to see.</p>
      <Link href="/dashboard" className="mt-6 inline-block text-brand-600 underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
