import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * The writers' prompts live in versioned files under `prompts/` (not inline strings), so a wording
 * change is a new file, reviewed as text, and every stored text records the prompt id it came from.
 * A file is front matter (id, maxTokens, temperature), an optional HTML comment, then the sections
 * "# System", "# User" and "# Retry" with `{{name}}` placeholders.
 */

export const PROMPT_FILES = { intro: "intro.v2.md", homeReport: "home-report.v2.md" } as const;
export type PromptKind = keyof typeof PROMPT_FILES;

const frontMatter = z.object({
  id: z.string().regex(/^[a-z-]+\.v\d+$/),
  maxTokens: z.coerce.number().int().min(50).max(4_000),
  temperature: z.coerce.number().min(0).max(1),
});

export type Prompt = z.infer<typeof frontMatter> & { system: string; user: string; retry: string };

/** The prompts directory: `prompts/` of the app root (the working directory of every runtime). */
export function promptsDir(): string {
  return path.join(process.cwd(), "prompts");
}

export function parsePrompt(source: string, file: string): Prompt {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source.replace(/\r\n/g, "\n"));
  if (!match?.[1] || match[2] === undefined)
    throw new Error(`${file}: expected front matter between --- lines`);
  const meta = Object.fromEntries(
    match[1]
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      }),
  );
  const parsed = frontMatter.safeParse(meta);
  if (!parsed.success) throw new Error(`${file}: bad front matter (${parsed.error.message})`);
  const body = match[2].replace(/<!--[\s\S]*?-->/g, "");
  const sections = new Map<string, string>();
  for (const part of body.split(/^# /m).slice(1)) {
    const newline = part.indexOf("\n");
    sections.set(part.slice(0, newline).trim().toLowerCase(), part.slice(newline + 1).trim());
  }
  const section = (name: string) => {
    const text = sections.get(name);
    if (!text) throw new Error(`${file}: missing section "# ${name[0]?.toUpperCase()}${name.slice(1)}"`);
    return text;
  };
  return { ...parsed.data, system: section("system"), user: section("user"), retry: section("retry") };
}

const cache = new Map<string, Promise<Prompt>>();

/** Reads and parses a prompt file once per process (a failed read is tried again next time). */
export function loadPrompt(kind: PromptKind, dir = promptsDir()): Promise<Prompt> {
  const file = path.join(dir, PROMPT_FILES[kind]);
  let loaded = cache.get(file);
  if (!loaded) {
    loaded = readFile(file, "utf8").then((text) => parsePrompt(text, file));
    cache.set(file, loaded);
    loaded.catch(() => cache.delete(file));
  }
  return loaded;
}

/** Fills `{{name}}` placeholders; a name without a value is a bug in the prompt file, not a blank. */
export function fillPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt placeholder {{${name}}} has no value`);
    return value;
  });
}
