import { readFileSync } from "node:fs";
import path from "node:path";
import { DockerfileParser } from "dockerfile-ast";

/**
 * The Dockerfile read with dockerfile-ast (the parser of the Dockerfile language server): its stages,
 * each with its instructions, so tests can check what a stage installs and copies, and the
 * production smoke run (scripts/smoke/) can start exactly the command each image runs.
 */

export const DOCKERFILE = path.resolve(import.meta.dirname, "..", "Dockerfile");

export type StageInstruction = {
  keyword: string;
  /** The arguments after the flags, line continuations joined. */
  text: string;
  /** The flags, e.g. { from: "web-build", chown: "node:node" } or { interval: "30s" }. */
  flags: Record<string, string>;
};

export type Stage = { name: string; base: string; instructions: StageInstruction[] };

export function readStages(file = DOCKERFILE): Stage[] {
  const dockerfile = DockerfileParser.parse(readFileSync(file, "utf8"));
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const text = instruction.getArgumentsContent() ?? "";
    if (keyword === "FROM") {
      const from = instruction as unknown as { getBuildStage(): string | null; getImage(): string | null };
      stages.push({ name: from.getBuildStage() ?? "", base: from.getImage() ?? "", instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${keyword} before any FROM in ${file}`);
    const withFlags = instruction as unknown as {
      getFlags?(): { getName(): string; getValue(): string | null }[];
    };
    const flags = Object.fromEntries(
      (withFlags.getFlags?.() ?? []).map((f) => [f.getName(), f.getValue() ?? ""]),
    );
    stage.instructions.push({ keyword, text, flags });
  }
  return stages;
}

export function stage(stages: Stage[], name: string): Stage {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage "${name}"`);
  return found;
}

/** A stage's instructions including the ones it inherits from its base stage(s). */
export function effectiveInstructions(stages: Stage[], name: string): StageInstruction[] {
  const own = stage(stages, name);
  const parent = stages.find((s) => s.name === own.base);
  return [...(parent ? effectiveInstructions(stages, parent.name) : []), ...own.instructions];
}

/** The exec-form CMD a stage runs (its own or inherited), e.g. ["node", "server.js"]. */
export function command(stages: Stage[], name: string): string[] {
  const cmd = effectiveInstructions(stages, name).findLast((i) => i.keyword === "CMD");
  if (!cmd) throw new Error(`stage "${name}" has no CMD`);
  const parsed: unknown = JSON.parse(cmd.text);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) {
    throw new Error(`stage "${name}": CMD is not in exec form (${cmd.text})`);
  }
  return parsed;
}

/** The ENV a stage sets (its own or inherited), e.g. { NODE_ENV: "production" }. */
export function environment(stages: Stage[], name: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of effectiveInstructions(stages, name)) {
    if (instruction.keyword !== "ENV") continue;
    for (const match of instruction.text.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
      const [, key, value] = match;
      if (key && value) env[key] = value.replace(/^"|"$/g, "");
    }
  }
  return env;
}
