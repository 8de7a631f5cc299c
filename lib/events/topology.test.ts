import { describe, expect, it } from "vitest";
import { buildTopology, QUEUE_KEYS, QUEUES } from "@/lib/events/topology";

describe("buildTopology", () => {
  it("gives the DESIGN.md names with the default prefix", () => {
    const topology = buildTopology("dripr");
    expect(Object.values(topology.topics).map((t) => t.name)).toEqual([
      "dripr-user-events-topic",
      "dripr-campaign-events-topic",
    ]);
    expect(QUEUE_KEYS.map((key) => topology.queues[key].name)).toEqual([
      "dripr-welcome-emails-queue",
      "dripr-local-market-updates-queue",
      "dripr-active-listings-queue",
      "dripr-recent-sales-queue",
      "dripr-property-valuation-queue",
      "dripr-intro-queue",
      "dripr-home-report-queue",
      "dripr-email-creation-queue",
      "dripr-email-sending-queue",
    ]);
    expect(topology.queues["email-sending"].dlqName).toBe("dripr-email-sending-queue-dlq");
  });

  it("routes each campaign status to the queues that act on it", () => {
    const byStatus = new Map<string, string[]>();
    for (const key of QUEUE_KEYS) {
      const { filter } = QUEUES[key];
      for (const value of filter.values) byStatus.set(value, [...(byStatus.get(value) ?? []), key]);
    }
    expect(Object.fromEntries(byStatus)).toEqual({
      USER_CREATED: ["welcome-emails"],
      WAITING_FOR_DATA: [
        "local-market-updates",
        "active-listings",
        "recent-sales",
        "property-valuation",
        "intro",
      ],
      WAITING_FOR_HOME_ANALYSIS: ["home-report"],
      READY_TO_CREATE_EMAIL: ["email-creation"],
      READY_TO_SEND_EMAIL: ["email-sending"],
    });
  });

  it("applies overrides to one queue only and refuses prefixes that cannot name a queue", () => {
    const topology = buildTopology("x", { intro: { maxReceiveCount: 2, visibilityTimeoutSeconds: 1 } });
    expect(topology.queues.intro).toMatchObject({ maxReceiveCount: 2, visibilityTimeoutSeconds: 1 });
    expect(topology.queues["home-report"].maxReceiveCount).toBe(QUEUES["home-report"].maxReceiveCount);
    expect(() => buildTopology("has space")).toThrow(/RESOURCE_PREFIX/);
    expect(() => buildTopology("p".repeat(60))).toThrow(/at most/);
  });
});
