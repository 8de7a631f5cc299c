import { describe, expect, it } from "vitest";
import { hasPostalAddress, POSTAL_ADDRESS_REQUIRED, postalAddressLines } from "@/lib/agents/postal-address";
import { campaignInput } from "@/lib/campaigns/campaign-input";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { setCampaignEnabled } from "@/lib/campaigns/set-campaign-enabled";
import { getDb } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { createTestAgent } from "@/test/factories/agent";
import { createTestCampaign } from "@/test/factories/campaign";

const input = campaignInput.parse({
  clientFirstName: "Maria",
  clientEmail: "maria.lopez@example.com",
  propertyAddressLine1: "1204 Maple Ridge Dr",
  propertyCity: "Austin",
  propertyState: "TX",
  zipCode: "78704",
  fixedSendDay: "15",
});

describe("postal address (CAN-SPAM)", () => {
  it("needs street, city, state and ZIP; the second line is optional", () => {
    const full = {
      addressLine1: "24 Church St",
      addressLine2: "Suite 3",
      city: "Montclair",
      state: "NJ",
      postalCode: "07042",
    };
    expect(postalAddressLines(full)).toEqual(["24 Church St", "Suite 3", "Montclair, NJ 07042"]);
    expect(postalAddressLines({ ...full, addressLine2: null })).toEqual([
      "24 Church St",
      "Montclair, NJ 07042",
    ]);
    for (const missing of ["addressLine1", "city", "state", "postalCode"] as const) {
      expect(hasPostalAddress({ ...full, [missing]: null })).toBe(false);
      expect(hasPostalAddress({ ...full, [missing]: "  " })).toBe(false);
    }
  });

  it("an agent without one can neither add a campaign nor enable one, and is told why", async () => {
    const db = getDb();
    const agent = await createTestAgent(db, { addressLine1: null });
    await expect(createCampaign(agent.id, input)).rejects.toThrow(new ConflictError(POSTAL_ADDRESS_REQUIRED));
    expect(await db.campaign.count({ where: { userId: agent.id } })).toBe(0);

    const disabled = await createTestCampaign(db, agent.id, { enabled: false, nextSendDate: null });
    await expect(setCampaignEnabled(agent.id, disabled.id, true)).rejects.toThrow(
      /postal address in Settings/,
    );
    expect(await db.campaign.findUniqueOrThrow({ where: { id: disabled.id } })).toMatchObject({
      enabled: false,
    });
    // Turning sending off is always allowed.
    const enabled = await createTestCampaign(db, agent.id);
    await setCampaignEnabled(agent.id, enabled.id, false);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: enabled.id } })).toMatchObject({
      enabled: false,
    });

    await db.user.update({ where: { id: agent.id }, data: { addressLine1: "24 Church St" } });
    await setCampaignEnabled(agent.id, disabled.id, true);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: disabled.id } })).toMatchObject({
      enabled: true,
    });
    await expect(createCampaign(agent.id, input)).resolves.toMatchObject({ userId: agent.id });
  });
});
