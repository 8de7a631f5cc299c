import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBedrockWriter } from "@/lib/ai/bedrock-writer";
import { createTemplateWriter, writeHomeReportText, writeIntroText } from "@/lib/ai/template-writer";
import type { HomeReportInput, IntroInput } from "@/lib/ai/types";
import { writtenText } from "@/lib/ai/types";
import { createBedrockChatModel } from "@/lib/clients/bedrock/bedrock-chat-model";
import { BedrockCallError } from "@/lib/clients/bedrock/types";
import { logger } from "@/lib/logger";
import { type ConverseServer, reply, startConverseServer } from "@/test/bedrock/converse-server";
import { TEST_MARKET } from "@/test/factories/market-data";

/**
 * The Bedrock writer end to end against a local HTTP/2 server speaking Converse: the real SDK client,
 * the real prompt files, the real checks.
 */

const MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const log = logger.child({ test: "bedrock-writer" });
log.level = "silent";

let server: ConverseServer;
let chat: ReturnType<typeof createBedrockChatModel>;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  server = await startConverseServer();
  chat = createBedrockChatModel({
    modelId: MODEL,
    region: "us-east-1",
    endpoint: server.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 3,
    timeoutMs: 1_000,
    maxConcurrency: 2,
  });
});
afterAll(async () => {
  chat.destroy();
  await server.close();
});
beforeEach(() => {
  server.reset();
  server.setFallback(reply.text("(no reply queued)"));
});

const writer = () => createBedrockWriter({ chat, fallback: createTemplateWriter(), log });

const intro: IntroInput = {
  clientFirstName: "Maria",
  agentFirstName: "Sam",
  agentTone: "Professional and concise",
  agentSignOff: "Best regards,",
  month: "2026-11",
  timeZone: "America/Chicago",
};

const report: HomeReportInput = {
  clientFirstName: "Maria",
  agentFirstName: "Sam",
  agentTone: null,
  property: { addressLine1: "12 Elm St", city: "Austin", state: "TX", zipCode: "78704" },
  valuation: {
    value: 452_000,
    rangeLow: 418_000,
    rangeHigh: 486_000,
    asOf: "2026-11-20",
    comparables: [
      {
        addressLine1: "30 Oak Ave",
        city: "Austin",
        state: "TX",
        zipCode: "78704",
        price: 447_500,
        bedrooms: 3,
        bathrooms: 2,
        squareFootage: 1_850,
        daysOnMarket: 21,
        listedDate: "2026-09-01",
        soldDate: "2026-10-03",
        propertyType: "single_family",
        distanceMiles: 0.4,
      },
    ],
  },
  previousValue: 446_000,
  market: TEST_MARKET,
};

const GOOD_INTRO =
  "I hope the fall season is treating you well, Maria. With November here, I wanted to share a short update on your home and the market around it.";
const GOOD_REPORT =
  "Your home at 12 Elm St is estimated at $452,000 this month, with a likely range of $418,000 to $486,000. " +
  "That is up $6,000 (1.3%) since my last update, and a similar home at 30 Oak Ave sold for $447,500 nearby. " +
  "In 78704 homes sell in about 32 days and prices are rising, which supports your home's value.";

describe("Bedrock writer", () => {
  it("writes the intro from the versioned prompt and records model, tokens, cost and prompt", async () => {
    server.enqueue(reply.text(GOOD_INTRO, { inputTokens: 512, outputTokens: 48 }));
    const out = await writer().writeIntro(intro);
    expect(writtenText.parse(out)).toEqual({
      text: GOOD_INTRO,
      source: "bedrock",
      model: MODEL,
      inputTokens: 512,
      outputTokens: 48,
      // Claude Haiku 4.5: $1 in, $5 out per million tokens.
      costUsd: 0.000752,
      promptId: "intro.v2",
    });
    const sent = server.requests[0]?.body;
    expect(server.requests[0]?.modelId).toBe(MODEL);
    const system = sent?.system?.[0]?.text ?? "";
    expect(system).toContain("You are Sam, a real estate agent");
    expect(system).toContain("in this tone: Professional and concise");
    expect(system).not.toMatch(/\{\{|\}\}/);
    const user = sent?.messages[0]?.content[0]?.text ?? "";
    expect(user).toContain("Client's first name: Maria");
    expect(user).toContain("Month: November 2026");
    expect(user).toContain("Season: fall");
    expect(sent?.inferenceConfig).toEqual({ maxTokens: 300, temperature: 0.7 });
  });

  it("writes the home report from the valuation, range, comparables and market", async () => {
    server.enqueue(reply.text(GOOD_REPORT));
    const out = await writer().writeHomeReport(report);
    expect(out).toMatchObject({
      text: GOOD_REPORT,
      source: "bedrock",
      model: MODEL,
      promptId: "home-report.v2",
    });
    const user = server.requests[0]?.body.messages[0]?.content[0]?.text ?? "";
    for (const fact of [
      "Estimated value this month: $452,000",
      "Likely range of the value: $418,000 to $486,000",
      "Change since my last update: up $6,000 (up 1.3%)",
      "- 30 Oak Ave: sold for $447,500 on Oct 3, 3 beds, 2 baths, 1,850 sq ft, 0.4 miles away",
      "- Median days on market: 32",
      "- Price trend: rising",
    ]) {
      expect(user).toContain(fact);
    }
  });

  it("retries after throttling and then uses the reply", async () => {
    server.enqueue(reply.throttled(), reply.text(GOOD_INTRO));
    const out = await writer().writeIntro(intro);
    expect(out.text).toBe(GOOD_INTRO);
    expect(server.requests).toHaveLength(2);
  });

  it("rejects a reply with an invented price, asks again, and uses a good second reply", async () => {
    server.enqueue(
      reply.text(GOOD_REPORT.replace("$452,000", "$475,000"), { inputTokens: 600, outputTokens: 100 }),
      reply.text(GOOD_REPORT, { inputTokens: 800, outputTokens: 100 }),
    );
    const out = await writer().writeHomeReport(report);
    expect(out).toMatchObject({
      text: GOOD_REPORT,
      source: "bedrock",
      inputTokens: 1_400,
      outputTokens: 200,
    });
    const retry = server.requests[1]?.body.messages ?? [];
    expect(retry.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(retry[2]?.content[0]?.text).toContain("figures that are not in the data ($475,000)");
  });

  it("falls back to the built-in text after two invented prices, recording why and the tokens spent", async () => {
    const invented = GOOD_REPORT.replace("$452,000", "$475,000");
    server.enqueue(reply.text(invented), reply.text(invented.replace("32 days", "21 days and 5%")));
    const out = await writer().writeHomeReport(report);
    expect(out.text).toBe(writeHomeReportText(report));
    expect(out.source).toBe("template");
    expect(out.model).toBeNull();
    expect(out.inputTokens).toBe(800);
    expect(out.costUsd).toBeGreaterThan(0);
    expect(out.fallbackReason).toMatch(/wrote the home report twice and both failed the checks/);
    expect(out.fallbackReason).toContain(MODEL);
    expect(out.fallbackReason).toContain("$475,000");
    expect(server.requests).toHaveLength(2);
  });

  it("asks again after an empty reply, then falls back when it stays empty", async () => {
    server.enqueue(reply.text(""), reply.text(GOOD_INTRO));
    expect((await writer().writeIntro(intro)).text).toBe(GOOD_INTRO);
    expect(server.requests[1]?.body.messages[1]?.content[0]?.text).toBe("(no text)");

    server.reset();
    server.enqueue(reply.text(""), reply.text(""));
    const out = await writer().writeIntro(intro);
    expect(out.text).toBe(writeIntroText(intro));
    expect(out.fallbackReason).toContain("the reply was empty");
  });

  it("rejects an intro with a greeting, markdown or a missing name", async () => {
    server.enqueue(
      reply.text(`Hi Maria, ${GOOD_INTRO}`),
      reply.text("I hope **fall** is treating you well. More below."),
    );
    const out = await writer().writeIntro(intro);
    expect(out.source).toBe("template");
    expect(out.fallbackReason).toMatch(/markdown/);
    expect(out.fallbackReason).toMatch(/does not use the name Maria/);
  });

  it("rejects an intro that points to a section the email may not have, and asks again (issue 15)", async () => {
    server.enqueue(
      reply.text(
        "I hope fall is treating you well, Maria. Along with your home's value, I've included this week's mortgage rates and a few homes for sale nearby.",
      ),
      reply.text(GOOD_INTRO),
    );
    const out = await writer().writeIntro(intro);
    expect(out).toMatchObject({ text: GOOD_INTRO, source: "bedrock", promptId: "intro.v2" });
    const retry = server.requests[1]?.body.messages[2]?.content[0]?.text ?? "";
    expect(retry).toContain("it mentions mortgage rates or refinancing, which this email may not show");
    expect(retry).toContain("it mentions homes for sale or recent sales, which this email may not show");
    // The prompt says which sections the intro may refer to: the two every email shows.
    const system = server.requests[0]?.body.system?.[0]?.text ?? "";
    expect(system).toContain("the email shows the home's estimated value and the local market");
    expect(system).toContain(
      "do not mention homes for sale, listings, recent sales, mortgage or interest rates",
    );
  });

  it("rejects with a retryable error when the model times out", async () => {
    server.setFallback(reply.hang());
    const error = await writer()
      .writeIntro(intro)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BedrockCallError);
    expect((error as BedrockCallError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/did not answer in time/);
  }, 15_000);
});
