import type { S3Client } from "@aws-sdk/client-s3";
import type { TextWriter } from "@/lib/ai/types";
import type { MailRouter } from "@/lib/delivery/mail-router";
import type { MailTransport } from "@/lib/delivery/types";
import type { AppConfig } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Logger } from "@/lib/logger";
import type { MarketDataProvider } from "@/lib/market-data/types";

/** What the pipeline's consumers work with; built from configuration (create-pipeline-deps.ts). */
export type PipelineDeps = {
  db: PrismaClient;
  s3: S3Client;
  config: AppConfig;
  marketData: MarketDataProvider;
  writer: TextWriter;
  /** Used when `writer` has failed for good (DESIGN.md §4: built-in text). */
  fallbackWriter: TextWriter;
  /** System mail (welcome, approval requests): Postmark's transactional stream or the local outbox. */
  transport: MailTransport;
  /** Per-message transport choice for homeowner mail (agent's Gmail, Postmark, local outbox). */
  mail: MailRouter;
  log: Logger;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
};
