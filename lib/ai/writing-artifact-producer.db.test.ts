import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { produceWrittenArtifact } from "@/lib/ai/produce-written-artifact";
import { writeHomeReportText } from "@/lib/ai/template-writer";
import { createPipelineDeps } from "@/lib/campaigns/create-pipeline-deps";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { getDb } from "@/lib/db";
import { renderCycleEmail } from "@/lib/emails/create-cycle-email";
import { parseConfig } from "@/lib/env";
import type { ArtifactKind, CampaignStatus } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import {
  type ConverseServer,
  dataOf,
  type RecordedRequest,
  reply,
  startConverseServer,
} from "@/test/bedrock/converse-server";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";
import { TEST_MARKET, TEST_VALUATION } from "@/test/factories/market-data";

/**
 * The INTRO and HOME_REPORT artifacts with BEDROCK_MODEL_ID set, against a local HTTP/2 server
 * speaking Converse: the deps come from the real configuration path (lib/env.ts →
 * createPipelineDeps), the artifacts from the real producer into the test file's database.
 */

const MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const NOW = new Date("2026-11-20T17:00:00Z");
const log = logger.child({ test: "writing-artifact-producer" });
log.level = "silent";

const valuation = TEST_VALUATION;
const market = TEST_MARKET;

/** A model that writes from the data it is given (so its figures are grounded). */
function groundedModel(request: RecordedRequest) {
  const data = dataOf(request);
  const name = data.get("Client's first name");
  if (name) {
    return reply.text(
      `I hope the ${data.get("Season")} season is treating you well, ${name}. I put together a short update on your home for you.`,
      { inputTokens: 500, outputTokens: 40 },
    );
  }
  return reply.text(
    `Your home is estimated at ${data.get("Estimated value this month")} this month, within ${data.get("Likely range of the value")}. ` +
      `Homes in your area sell in about ${data.get("Median days on market")} days, a sign of steady demand.`,
    { inputTokens: 900, outputTokens: 70 },
  );
}

let server: ConverseServer;
let deps: PipelineDeps;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  server = await startConverseServer(groundedModel);
  const config = parseConfig({
    ...process.env,
    DRIPR_MODE: "local",
    BEDROCK_MODEL_ID: MODEL,
    BEDROCK_ENDPOINT_URL: server.endpoint,
    BEDROCK_MAX_ATTEMPTS: "2",
    BEDROCK_TIMEOUT_MS: "1000",
  });
  deps = { ...createPipelineDeps(config, getDb(), log), now: () => NOW };
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  server.setFallback(groundedModel);
});

async function setUp(status: CampaignStatus) {
  const db = getDb();
  const agent = await createTestAgent(db, {
    firstName: "Sam",
    writingTone: "Warm and friendly",
    signOff: "Cheers,",
  });
  const campaign = await createTestCampaign(db, agent.id, {
    clientFirstName: "Maria",
    status,
    cycle: 1,
    zipCode: "78704",
  });
  await db.campaignArtifact.createMany({
    data: [
      {
        campaignId: campaign.id,
        cycle: 1,
        kind: "PROPERTY_VALUATION",
        status: "READY",
        source: "sample",
        payload: valuation,
      },
      {
        campaignId: campaign.id,
        cycle: 1,
        kind: "LOCAL_MARKET",
        status: "READY",
        source: "sample",
        payload: market,
      },
    ],
  });
  return campaign;
}

function produce(campaignId: string, kind: "INTRO" | "HOME_REPORT", lastAttempt = false) {
  return produceWrittenArtifact({
    deps,
    kind,
    campaignId,
    cycle: 1,
    expectedStatus: kind === "INTRO" ? "WAITING_FOR_DATA" : "WAITING_FOR_HOME_ANALYSIS",
    lastAttempt,
    log,
  });
}

const history = (campaignId: string) =>
  getDb().campaignHistory.findMany({
    where: { campaignId },
    select: { event: true, actor: true, reason: true },
  });

const artifact = (campaignId: string, kind: ArtifactKind) =>
  getDb().campaignArtifact.findUniqueOrThrow({
    where: { campaignId_cycle_kind: { campaignId, cycle: 1, kind } },
  });

describe("AI-written artifacts with Bedrock configured", () => {
  it("stores the AI intro with the model id as its source, tokens and estimated cost, and the email shows it", async () => {
    const campaign = await setUp("WAITING_FOR_DATA");
    expect(await produce(campaign.id, "INTRO")).toBe("produced");
    const intro = await artifact(campaign.id, "INTRO");
    const text =
      "I hope the fall season is treating you well, Maria. I put together a short update on your home for you.";
    expect(intro).toMatchObject({
      status: "READY",
      source: `bedrock:${MODEL}`,
      inputTokens: 500,
      outputTokens: 40,
      costUsd: 0.0007,
      error: null,
      payload: { text, model: MODEL, promptId: "intro.v2" },
    });
    // The campaign's timeline names the model (and the prompt); a repeated message adds nothing.
    expect(await produce(campaign.id, "INTRO")).toBe("already-done");
    expect(await history(campaign.id)).toEqual([
      {
        event: "INTRO_WRITTEN",
        actor: "WORKER:ai",
        reason: `Intro: Written by AI (${MODEL}, prompt intro.v2)`,
      },
    ]);
    const prompt = server.requests[0]?.body.system?.[0]?.text ?? "";
    expect(prompt).toContain("You are Sam");
    expect(prompt).toContain("in this tone: Warm and friendly");

    // The email is rendered from the artifacts: the AI intro is in it.
    const db = getDb();
    const forWork = await db.campaign.findUniqueOrThrow({
      where: { id: campaign.id },
      include: { user: true },
    });
    const rendered = await renderCycleEmail(deps, forWork, NOW);
    expect(rendered?.introText).toBe(text);
    expect(rendered?.rendered.text).toContain(text);
    expect(rendered?.rendered.html).toContain("I hope the fall season is treating you well, Maria.");
  });

  it("writes the home report after the valuation, from its figures", async () => {
    const campaign = await setUp("WAITING_FOR_HOME_ANALYSIS");
    expect(await produce(campaign.id, "HOME_REPORT")).toBe("produced");
    const report = await artifact(campaign.id, "HOME_REPORT");
    expect(report.source).toBe(`bedrock:${MODEL}`);
    expect((report.payload as { text: string }).text).toBe(
      "Your home is estimated at $452,000 this month, within $418,000 to $486,000. Homes in your area sell in about 32 days, a sign of steady demand.",
    );
    const data = server.requests[0]?.body.messages[0]?.content[0]?.text ?? "";
    expect(data).toContain("- Median sale price: $430,500");
  });

  it("replaces a home report with an invented price (twice) by the built-in text and says why", async () => {
    const campaign = await setUp("WAITING_FOR_HOME_ANALYSIS");
    server.setFallback(
      reply.text("Your home is worth $495,000 now. Homes sell in about 32 days.", {
        inputTokens: 900,
        outputTokens: 30,
      }),
    );
    expect(await produce(campaign.id, "HOME_REPORT")).toBe("produced");
    expect(server.requests).toHaveLength(2);
    const report = await artifact(campaign.id, "HOME_REPORT");
    const builtIn = writeHomeReportText({
      clientFirstName: "Maria",
      property: {
        addressLine1: campaign.propertyAddressLine1,
        city: campaign.propertyCity,
        state: campaign.propertyState,
        zipCode: campaign.zipCode,
      },
      valuation,
      previousValue: null,
      market,
    });
    expect(report).toMatchObject({
      status: "READY",
      source: "template",
      inputTokens: 1_800,
      outputTokens: 60,
      costUsd: 0.0021,
      payload: { text: builtIn, fallbackReason: expect.stringContaining("$495,000") },
    });
    expect(report.error).toMatch(
      /^Built-in text used: .*both failed the checks.*not in the data \(\$495,000\)/,
    );
  });

  it("retries a throttled call through SQS, then falls back on the last delivery", async () => {
    const campaign = await setUp("WAITING_FOR_DATA");
    server.setFallback(reply.throttled());
    await expect(produce(campaign.id, "INTRO")).rejects.toThrow(/throttled the request after 2 attempts/);
    expect(await artifact(campaign.id, "INTRO")).toMatchObject({
      status: "PENDING",
      attempts: 1,
      error: expect.stringContaining("ThrottlingException"),
    });

    expect(await produce(campaign.id, "INTRO", true)).toBe("produced");
    const intro = await artifact(campaign.id, "INTRO");
    expect(intro).toMatchObject({ status: "READY", source: "template", attempts: 2, costUsd: null });
    expect(intro.error).toMatch(/^Built-in text used: Bedrock throttled the request/);
  });

  it("falls back at once when Bedrock refuses the request (retrying cannot help)", async () => {
    const campaign = await setUp("WAITING_FOR_DATA");
    server.setFallback(reply.error(403, "AccessDeniedException", "You don't have access to the model."));
    expect(await produce(campaign.id, "INTRO")).toBe("produced");
    const intro = await artifact(campaign.id, "INTRO");
    expect(intro).toMatchObject({ status: "READY", source: "template", attempts: 1 });
    expect(intro.error).toMatch(/refused model .*AccessDeniedException.*check BEDROCK_MODEL_ID/);
    expect(server.requests).toHaveLength(1);
  });

  it("a model that times out is retried later, not waited on forever", async () => {
    const campaign = await setUp("WAITING_FOR_DATA");
    server.setFallback(reply.hang());
    const startedAt = Date.now();
    await expect(produce(campaign.id, "INTRO")).rejects.toThrow(/did not answer in time/);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect((await artifact(campaign.id, "INTRO")).status).toBe("PENDING");
  }, 20_000);
});
