import { createTemplateWriter } from "@/lib/ai/template-writer";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { createLocalOutboxTransport } from "@/lib/delivery/local-outbox-transport";
import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";
import { createMarketDataProvider } from "@/lib/market-data/create-market-data-provider";

/**
 * Picks each integration's implementation from configuration. Only the local implementations exist
 * so far; configuring a real vendor before its client is built is refused with a clear message
 * rather than silently using sample data.
 */
export function createPipelineDeps(config: AppConfig, db: PrismaClient, log: Logger): PipelineDeps {
  const notBuilt = (what: string, variable: string) =>
    new Error(
      `${what} is configured (${variable}) but its client is not built yet; unset ${variable} to use the local implementation`,
    );
  if (config.integrations.ai !== "template") throw notBuilt("The Bedrock writer", "BEDROCK_MODEL_ID");
  if (config.integrations.mail !== "local-outbox")
    throw notBuilt("Postmark delivery", "POSTMARK_SERVER_TOKEN");
  const templateWriter = createTemplateWriter();
  return {
    db,
    s3: createS3Client(config.aws),
    config,
    marketData: createMarketDataProvider(config.vendors, log, db),
    writer: templateWriter,
    fallbackWriter: templateWriter,
    transport: createLocalOutboxTransport(db),
    log,
    now: () => new Date(),
  };
}
