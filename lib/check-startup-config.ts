import { ConfigError, getConfig } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * Validates configuration when a server process starts, so production refuses to start (exit 1)
 * with every missing secret or local fallback named, instead of failing on the first request.
 */
export function checkStartupConfig(runtime: string): void {
  try {
    const config = getConfig();
    logger.info(
      { runtime, mode: config.mode, auth: config.auth.provider, integrations: config.integrations },
      "configuration loaded",
    );
    if (config.mode === "local") {
      const local = Object.entries({ ...config.integrations, auth: config.auth.provider })
        .filter(([, used]) => ["sample", "template", "local-outbox", "off", "local"].includes(used))
        .map(([name, used]) => `${name}: ${used}`);
      logger.warn({ runtime, local }, `local mode: local fallbacks in use (${local.join(", ")})`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal(
        { runtime, mode: error.mode, problems: error.problems },
        "refusing to start: invalid configuration",
      );
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
