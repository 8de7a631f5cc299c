import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/button-class";
import { getCurrentAgent } from "@/lib/auth/current-agent";

const POINTS = [
  {
    title: "One email a month to each past client",
    text: "Their home's estimated value with its range, what changed since your last email, the local market, nearby listings and sales, and mortgage rates.",
  },
  {
    title: "Written for you, approved by you",
    text: "A short personal note and home report are written for each client. Check every email before it goes out, or let Dripr send on the day you pick.",
  },
  {
    title: "Sent from you",
    text: "From your own Gmail, inside business hours, with your name, photo and address. One-click unsubscribe is handled for you.",
  },
] as const;

// Signed-out visitors see what Dripr is; signed-in agents go straight to their dashboard.
export default async function Home() {
  if (await getCurrentAgent()) redirect("/dashboard");
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center px-4 py-12">
      <p className="text-3xl font-bold tracking-tight text-brand-700">Dripr</p>
      <h1 className="mt-6 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">
        Stay in touch with every past client, every month, without writing a thing.
      </h1>
      <p className="mt-4 text-lg text-slate-600">
        Dripr sends each homeowner you have worked with a personal monthly update about their home, from you.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link href="/sign-up" className={`${buttonClass("primary")} px-5 py-2.5`}>
          Create your account
        </Link>
        <Link href="/sign-in" className={`${buttonClass("secondary")} px-5 py-2.5`}>
          Sign in
        </Link>
      </div>
      <ul className="mt-12 grid gap-6 sm:grid-cols-3">
        {POINTS.map((point) => (
          <li key={point.title}>
            <h2 className="font-semibold text-slate-900">{point.title}</h2>
            <p className="mt-1 text-sm text-slate-600">{point.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
