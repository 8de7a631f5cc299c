import { describe, expect, it } from "vitest";
import { campaignEvent, userCreatedEvent } from "@/lib/events/emulator-for-tests";
import { messageAttributesOf, parseEnvelope } from "@/lib/events/envelopes";

describe("parseEnvelope", () => {
  it("accepts a campaign status event and a user event", () => {
    const campaign = campaignEvent({ toStatus: "READY_TO_SEND_EMAIL", fromStatus: "READY_TO_CREATE_EMAIL" });
    expect(parseEnvelope(JSON.stringify(campaign))).toEqual({ ok: true, envelope: campaign });
    const user = userCreatedEvent();
    expect(parseEnvelope(JSON.stringify(user))).toEqual({ ok: true, envelope: user });
  });

  it("says what is wrong with a malformed envelope", () => {
    const result = parseEnvelope(JSON.stringify({ ...campaignEvent(), campaignId: "42", toStatus: "SENT" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.join("."))).toEqual(["campaignId", "toStatus"]);
    expect(result.error).toContain("campaignId");
  });

  it("rejects a body that is not JSON, an unknown type and an unknown version", () => {
    expect(parseEnvelope("not json")).toMatchObject({
      ok: false,
      error: expect.stringContaining("not JSON"),
    });
    expect(parseEnvelope(JSON.stringify({ ...userCreatedEvent(), type: "USER_DELETED" })).ok).toBe(false);
    expect(parseEnvelope(JSON.stringify({ ...userCreatedEvent(), version: 2 })).ok).toBe(false);
    expect(parseEnvelope(JSON.stringify({ ...campaignEvent(), cycle: -1 })).ok).toBe(false);
    expect(parseEnvelope(JSON.stringify({ ...campaignEvent(), occurredAt: "yesterday" })).ok).toBe(false);
  });
});

describe("messageAttributesOf", () => {
  it("carries type, dedupe key and, for campaign events, to_status", () => {
    const campaign = campaignEvent({ toStatus: "WAITING_FOR_HOME_ANALYSIS" });
    expect(messageAttributesOf(campaign)).toEqual({
      type: "CAMPAIGN_STATUS_CHANGED",
      to_status: "WAITING_FOR_HOME_ANALYSIS",
      dedupe_key: campaign.dedupeKey,
    });
    const user = userCreatedEvent();
    expect(messageAttributesOf(user)).toEqual({ type: "USER_CREATED", dedupe_key: user.dedupeKey });
  });
});
