import { type ParseArgsConfig, parseArgs } from "node:util";
import { ZodError } from "zod";
import { type AgentAdminDeps, createAgentAdminDeps } from "@/lib/auth/agent-admin-deps";
import { disconnectDb, getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * The shared edge of the operators' account commands (scripts/create-managed-agent.ts,
 * scripts/send-sign-in-link.ts): flags with node:util parseArgs, input checked with the use case's
 * zod schema before configuration, database or Clerk are touched, then one use case. Every refusal
 * is one readable line on stderr and exit code 1.
 */
export async function runAgentCommand<Input, Result>(command: {
  name: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** The use case's schema: it validates the flags (named by their camelCase key). */
  input: { safeParse(values: unknown): { success: true; data: Input } | { success: false; error: ZodError } };
  run(deps: AgentAdminDeps, input: Input): Promise<Result>;
  report(result: Result): string[];
}): Promise<void> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ options: command.options, strict: true, allowPositionals: false }));
  } catch (error) {
    fail(command.name, `${error instanceof Error ? error.message : String(error)}\n${command.usage}`);
    return;
  }
  const camel = Object.fromEntries(
    Object.entries(values).map(([flag, value]) => [
      flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
  const parsed = command.input.safeParse(camel);
  if (!parsed.success) {
    fail(
      command.name,
      `invalid input, nothing was changed:\n${describeIssues(parsed.error)}\n${command.usage}`,
    );
    return;
  }
  try {
    const deps = createAgentAdminDeps(getConfig(), getDb(), logger);
    for (const line of command.report(await command.run(deps, parsed.data))) console.log(line);
  } catch (error) {
    fail(command.name, error instanceof ZodError ? describeIssues(error) : errorMessage(error));
  } finally {
    await disconnectDb();
  }
}

function fail(name: string, message: string): void {
  console.error(`${name}: ${message}`);
  process.exitCode = 1;
}

/** `  --first-name: is required`, one line per problem. */
function describeIssues(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? "input");
      return `  --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`;
    })
    .join("\n");
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
