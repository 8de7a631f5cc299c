import { describe, expect, it } from "vitest";
import { fillPrompt, loadPrompt, PROMPT_FILES, parsePrompt } from "@/lib/ai/prompts";

const good = `---
id: intro.v9
maxTokens: 300
temperature: 0.5
---
<!-- notes for people, never sent -->
# System
You are {{agentFirstName}}.

# User
Data:
{{data}}

# Retry
Problems: {{problems}}.
`;

describe("prompt files", () => {
  it("parse into front matter and sections, without the comment", () => {
    expect(parsePrompt(good, "x.md")).toEqual({
      id: "intro.v9",
      maxTokens: 300,
      temperature: 0.5,
      system: "You are {{agentFirstName}}.",
      user: "Data:\n{{data}}",
      retry: "Problems: {{problems}}.",
    });
  });

  it("refuse a file without front matter, with a bad id or a missing section", () => {
    expect(() => parsePrompt("# System\nhi", "a.md")).toThrow(/a.md: expected front matter/);
    expect(() => parsePrompt(good.replace("intro.v9", "intro"), "b.md")).toThrow(/b.md: bad front matter/);
    expect(() => parsePrompt(good.replace("# Retry", "# Other"), "c.md")).toThrow(
      /c.md: missing section "# Retry"/,
    );
  });

  it("fill every placeholder and refuse one without a value", () => {
    expect(fillPrompt("Hi {{name}}, {{name}}: {{x}}", { name: "Sam", x: "$1 {{y}}" })).toBe(
      "Hi Sam, Sam: $1 {{y}}",
    );
    expect(() => fillPrompt("Hi {{name}}", {})).toThrow("prompt placeholder {{name}} has no value");
  });

  it("the shipped prompts load, versioned by their file name", async () => {
    for (const [kind, file] of Object.entries(PROMPT_FILES)) {
      const prompt = await loadPrompt(kind as keyof typeof PROMPT_FILES);
      expect(`${prompt.id}.md`).toBe(file);
      expect(prompt.system.length).toBeGreaterThan(200);
    }
  });
});
