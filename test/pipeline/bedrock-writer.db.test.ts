import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConverseServer,
  dataOf,
  type RecordedRequest,
  reply,
  startConverseServer,
} from "@/test/bedrock/converse-server";
import { type PipelineHarness, startPipelineHarness } from "@/test/pipeline/pipeline-harness";

/**
 * Issue 5 acceptance: with BEDROCK_MODEL_ID set and the Bedrock endpoint pointed at a local HTTP/2
 * server speaking Converse, a worker process (as deployed) writes every intro and home report with
 * the "model", the AI text reaches the email that is sent, and the campaign's history names the
 * model. One campaign's home report keeps coming back with an invented price: the built-in text
 * goes out instead, and the artifact says why. The first call is throttled (the SDK retries it).
 */

const MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const CAMPAIGNS = 6;
const LIAR_STREET = "1 Invented Way";

const introFor = (name: string, season: string) =>
  `I hope the ${season} season is treating you well, ${name}. I put together this month's update on your home for you.`;

function model(request: RecordedRequest) {
  const data = dataOf(request);
  const name = data.get("Client's first name");
  if (name)
    return reply.text(introFor(name, data.get("Season") ?? ""), { inputTokens: 480, outputTokens: 40 });
  if (data.get("Home")?.startsWith(LIAR_STREET)) {
    return reply.text("Your home is now worth $1,234,567. Homes sell fast here.");
  }
  return reply.text(
    `Your home is estimated at ${data.get("Estimated value this month")} this month, within ${data.get("Likely range of the value")}. ` +
      `Nearby homes sell in about ${data.get("Median days on market")} days, which supports that estimate.`,
    { inputTokens: 950, outputTokens: 70 },
  );
}

let harness: PipelineHarness;
let server: ConverseServer;
let ids: string[] = [];

beforeAll(async () => {
  server = await startConverseServer(model);
  server.enqueue(reply.throttled());
  harness = await startPipelineHarness({ name: "bedrock-writer", stuckAfterMinutes: 0.5 });
  await harness.startEmulator();
  harness.startWorker({
    BEDROCK_MODEL_ID: MODEL,
    BEDROCK_ENDPOINT_URL: server.endpoint,
    BEDROCK_MAX_ATTEMPTS: "3",
    BEDROCK_TIMEOUT_MS: "5000",
  });
  const agents = await harness.seedAgents(1, { firstName: "Sam", writingTone: "Calm and reassuring" });
  const campaigns = await harness.seedDueCampaigns(agents, CAMPAIGNS);
  const liar = campaigns[0];
  if (!liar) throw new Error("no campaign seeded");
  await harness.db.campaign.update({ where: { id: liar.id }, data: { propertyAddressLine1: LIAR_STREET } });
  ids = campaigns.map((c) => c.id);
  await harness.waitForCycleCompleted(ids, 90_000);
}, 240_000);

afterAll(async () => {
  await harness?.close();
  await server?.close();
}, 30_000);

describe("the pipeline with Bedrock configured", () => {
  it("sends every email with the AI intro, and the AI home report where it passed the checks", async () => {
    const { db } = harness;
    const campaigns = await db.campaign.findMany({ where: { id: { in: ids } } });
    const emails = await db.email.findMany({ where: { campaignId: { in: ids } } });
    const sent = await db.localOutboxMessage.findMany({
      where: { kind: "homeowner", emailId: { in: emails.map((e) => e.id) } },
    });
    expect(sent).toHaveLength(CAMPAIGNS);
    for (const message of sent) {
      const email = emails.find((e) => e.id === message.emailId);
      const campaign = campaigns.find((c) => c.id === email?.campaignId);
      expect(email?.introText).toMatch(
        new RegExp(`season is treating you well, ${campaign?.clientFirstName}\\.`),
      );
      expect(message.text).toContain(email?.introText ?? "(none)");
      if (campaign?.propertyAddressLine1 === LIAR_STREET) {
        expect(message.text).not.toContain("$1,234,567");
        expect(message.text).toContain(`Your home at ${LIAR_STREET} is estimated to be worth about`);
      } else {
        expect(message.text).toMatch(/Nearby homes sell in about \d+ days, which supports that estimate\./);
      }
    }
  });

  it("records the model id, tokens and cost on the artifacts, and why the built-in text stood in", async () => {
    const artifacts = await harness.db.campaignArtifact.findMany({
      where: { campaignId: { in: ids }, kind: { in: ["INTRO", "HOME_REPORT"] } },
      include: { campaign: { select: { propertyAddressLine1: true } } },
    });
    expect(artifacts).toHaveLength(CAMPAIGNS * 2);
    const liarReport = artifacts.find(
      (a) => a.kind === "HOME_REPORT" && a.campaign.propertyAddressLine1 === LIAR_STREET,
    );
    expect(liarReport).toMatchObject({ status: "READY", source: "template" });
    expect(liarReport?.error).toMatch(/^Built-in text used: .*not in the data \(\$1,234,567\)/);
    const ai = artifacts.filter((a) => a !== liarReport);
    expect(ai.filter((a) => a.status !== "READY" || a.source !== `bedrock:${MODEL}` || a.error)).toEqual([]);
    expect(ai.every((a) => (a.inputTokens ?? 0) > 0 && (a.costUsd ?? 0) > 0)).toBe(true);
    // Every text once, the liar's twice, plus the throttled first try.
    expect(server.requests).toHaveLength(CAMPAIGNS * 2 + 1 + 1);
  });

  it("names the model in each campaign's history", async () => {
    const rows = await harness.db.campaignHistory.findMany({
      where: { campaignId: { in: ids }, event: { in: ["INTRO_WRITTEN", "HOME_REPORT_WRITTEN"] } },
    });
    expect(rows).toHaveLength(CAMPAIGNS * 2);
    expect(rows.filter((r) => r.event === "INTRO_WRITTEN").every((r) => r.reason?.includes(MODEL))).toBe(
      true,
    );
  });
});
