import { createBedrockWriter } from "@/lib/ai/bedrock-writer";
import { createTemplateWriter } from "@/lib/ai/template-writer";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { createBedrockChatModel } from "@/lib/clients/bedrock/bedrock-chat-model";
import { createMailRouter } from "@/lib/delivery/mail-router";
import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";
import { createSampleMarketDataProvider } from "@/lib/market-data/sample-provider";

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
  if (config.integrations.marketData !== "sample")
    throw notBuilt("Rentcast/Zillow market data", "RENTCAST_API_KEY");
  const templateWriter = createTemplateWriter();
  // BEDROCK_MODEL_ID set: Claude on Bedrock writes, the built-in writer is its fallback (issue 5).
  const writer = config.bedrock
    ? createBedrockWriter({ chat: createBedrockChatModel(config.bedrock), fallback: templateWriter, log })
    : templateWriter;
  const mail = createMailRouter(config, db, log);
  return {
    db,
    s3: createS3Client(config.aws),
    config,
    marketData: createSampleMarketDataProvider(),
    writer,
    fallbackWriter: templateWriter,
    transport: mail.system,
    mail,
    log,
    now: () => new Date(),
  };
}
