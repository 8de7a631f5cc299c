import { redirect } from "next/navigation";
import { getCurrentAgent } from "@/lib/auth/current-agent";

export default async function Home() {
  redirect((await getCurrentAgent()) ? "/dashboard" : "/sign-in");
}
