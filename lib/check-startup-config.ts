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
    if (config.smokeRun) {
      // Loud on purpose: a production build talking to stand-ins must never pass for the real thing.
      const overrides = Object.entries(config.smokeRun.overrides).map(([name, url]) => `${name}=${url}`);
      logger.warn(
        { runtime, smokeRun: true, overrides: config.smokeRun.overrides },
        "SMOKE RUN: production mode with every vendor endpoint on a loopback stand-in; not a real deployment",
      );
      console.error(
        `\n*** ${runtime}: SMOKE RUN (DRIPR_SMOKE_RUN=1), loopback stand-ins: ${overrides.join(" ")} ***\n`,
      );
    }
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
