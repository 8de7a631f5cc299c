// Runs once when the Next.js server starts. Workers are never started here (they are their own
// container); this only refuses to serve with an invalid configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkStartupConfig } = await import("@/lib/check-startup-config");
    checkStartupConfig("web");
  }
}
