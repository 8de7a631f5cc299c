import { estimateCostUsd } from "@/lib/ai/bedrock-prices";
import { checkWrittenText, NOT_ALWAYS_SHOWN, type TextRules } from "@/lib/ai/check-written-text";
import { fillPrompt, loadPrompt, type PromptKind } from "@/lib/ai/prompts";
import type { HomeReportInput, IntroInput, TextWriter, WrittenText } from "@/lib/ai/types";
import { homeReportFacts, introFacts, type WritingFacts } from "@/lib/ai/writing-facts";
import type { ChatModel, ChatTurn } from "@/lib/clients/bedrock/types";
import type { Logger } from "@/lib/logger";

export const BEDROCK_SOURCE = "bedrock";

/** A reply that fails the checks is asked for once more; then the built-in text stands in. */
const WRITES_PER_TEXT = 2;

/**
 * The AI writer (issue 5): Claude on Bedrock through the Converse API, behind the same TextWriter
 * interface as the built-in writer. Each text is written from a versioned prompt file and a data
 * block (lib/ai/writing-facts.ts), then checked (lib/ai/check-written-text.ts): every number must
 * come from the data, the length must fit, no placeholder or markdown. A failing reply is sent back
 * with its problems for one rewrite; a second failure returns the built-in writer's text with
 * `fallbackReason`, still counting the tokens spent. A failed call (throttled after retries, timed
 * out, refused) rejects with a BedrockCallError: the caller decides between retrying and falling back.
 */
export function createBedrockWriter(options: {
  chat: ChatModel;
  fallback: TextWriter;
  log: Logger;
  promptsDir?: string;
}): TextWriter {
  const { chat, fallback, log } = options;

  const write = async (
    kind: PromptKind,
    facts: WritingFacts,
    rules: TextRules,
    writeFallback: () => Promise<WrittenText>,
  ): Promise<WrittenText> => {
    const prompt = await loadPrompt(kind, options.promptsDir);
    const system = fillPrompt(prompt.system, facts.values);
    const turns: ChatTurn[] = [
      { role: "user", text: fillPrompt(prompt.user, { ...facts.values, data: facts.data }) },
    ];
    let inputTokens = 0;
    let outputTokens = 0;
    let problems: string[] = [];
    for (let attempt = 1; attempt <= WRITES_PER_TEXT; attempt++) {
      const reply = await chat.converse({
        system,
        turns,
        maxTokens: prompt.maxTokens,
        temperature: prompt.temperature,
      });
      inputTokens += reply.inputTokens;
      outputTokens += reply.outputTokens;
      problems = checkWrittenText(reply, facts.data, rules);
      if (problems.length === 0) {
        return {
          text: reply.text.trim(),
          source: BEDROCK_SOURCE,
          model: chat.modelId,
          inputTokens,
          outputTokens,
          costUsd: estimateCostUsd(chat.modelId, inputTokens, outputTokens),
          promptId: prompt.id,
        };
      }
      log.warn({ kind, attempt, problems, model: chat.modelId, promptId: prompt.id }, "AI text rejected");
      turns.push(
        { role: "assistant", text: reply.text.trim() || "(no text)" },
        { role: "user", text: fillPrompt(prompt.retry, { ...facts.values, problems: problems.join("; ") }) },
      );
    }
    const standIn = await writeFallback();
    return {
      ...standIn,
      // The rejected replies were billed: their tokens and cost stay on the artifact.
      inputTokens,
      outputTokens,
      costUsd: estimateCostUsd(chat.modelId, inputTokens, outputTokens),
      promptId: prompt.id,
      fallbackReason: `${chat.modelId} wrote the ${rules.kind} twice and both failed the checks (last: ${problems.join("; ")})`,
    };
  };

  return {
    source: BEDROCK_SOURCE,
    writeIntro: (input: IntroInput) =>
      write("intro", introFacts(input), introRules(input), () => fallback.writeIntro(input)),
    writeHomeReport: (input: HomeReportInput) =>
      write("homeReport", homeReportFacts(input), homeReportRules(input), () =>
        fallback.writeHomeReport(input),
      ),
  };
}

/** What an AI intro must pass (besides grounding): it refers only to the value and the local market. */
export function introRules(
  input: Pick<IntroInput, "clientFirstName" | "agentFirstName" | "agentSignOff">,
): TextRules {
  return {
    kind: "intro",
    minSentences: 2,
    maxSentences: 4,
    maxChars: 600,
    mustMention: [input.clientFirstName.trim()],
    mustNotEndWith: [input.agentSignOff ?? "", input.agentFirstName],
    mustNotMention: [NOT_ALWAYS_SHOWN.rates, NOT_ALWAYS_SHOWN.equity, NOT_ALWAYS_SHOWN.homes],
  };
}

export function homeReportRules(input: Pick<HomeReportInput, "agentFirstName">): TextRules {
  return {
    kind: "home report",
    minSentences: 2,
    maxSentences: 6,
    maxChars: 900,
    mustNotEndWith: input.agentFirstName ? [input.agentFirstName] : [],
    mustNotMention: [NOT_ALWAYS_SHOWN.rates, NOT_ALWAYS_SHOWN.equity],
  };
}
