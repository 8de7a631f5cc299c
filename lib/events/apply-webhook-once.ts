import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { WebhookProvider } from "@/lib/generated/prisma/enums";

/**
 * Runs a webhook delivery's effects once (DESIGN.md §8): one transaction records the delivery in
 * ProcessedWebhookEvent (unique per provider and event id) and runs `work`; a copy already recorded
 * is "duplicate" and runs nothing. A concurrent copy waits on the unique key, then finds it recorded.
 * A failure in `work` rolls the record back too, so the provider's retry applies it.
 */
export async function applyWebhookOnce<T extends string>(
  db: PrismaClient,
  delivery: { provider: WebhookProvider; eventId: string; type: string; now: Date },
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T | "duplicate"> {
  const key = { provider: delivery.provider, eventId: delivery.eventId };
  return db.$transaction(async (tx) => {
    const recorded = await tx.processedWebhookEvent.createMany({
      data: [{ ...key, type: delivery.type, receivedAt: delivery.now }],
      skipDuplicates: true,
    });
    if (recorded.count === 0) return "duplicate";
    const outcome = await work(tx);
    await tx.processedWebhookEvent.updateMany({ where: key, data: { processedAt: delivery.now } });
    return outcome;
  });
}
