import { createBedrockWriter } from "@/lib/ai/bedrock-writer";
import { createTemplateWriter } from "@/lib/ai/template-writer";
import type { PipelineDeps } from "@/lib/campaigns/pipeline-deps";
import { createS3Client } from "@/lib/clients/aws/s3-client";
import { createBedrockChatModel } from "@/lib/clients/bedrock/bedrock-chat-model";
import { createMailRouter } from "@/lib/delivery/mail-router";
import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";
import { createMarketDataProvider } from "@/lib/market-data/create-market-data-provider";

/**
 * Picks each integration's implementation from configuration: the vendor's client where its
 * credentials are set, otherwise (local mode only; production refuses to start without them) the
 * labelled local implementation.
 */
export function createPipelineDeps(config: AppConfig, db: PrismaClient, log: Logger): PipelineDeps {
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
    marketData: createMarketDataProvider(config.vendors, log, db),
    writer,
    fallbackWriter: templateWriter,
    transport: mail.system,
    mail,
    log,
    now: () => new Date(),
  };
}
