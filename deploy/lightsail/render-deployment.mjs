#!/usr/bin/env node
// Renders one Lightsail container service's deployment from its definition in this folder:
//
//   node deploy/lightsail/render-deployment.mjs <web|workers|cron> <image> <env-file> <out-dir>
//
// writes <out-dir>/containers.json (and public-endpoint.json for a service that has one), the files
// `aws lightsail create-container-service-deployment --containers file://… --public-endpoint file://…`
// takes. The environment is the definition's own variables, overlaid with every KEY=VALUE line of the
// env file (the same file `docker run --env-file` reads for the migration, so the same rules: one
// variable per line, `#` comments, no quoting: a value is taken as written), overlaid in turn with
// the service's own file next to it when there is one (production.env → production.workers.env:
// e.g. the container's own AWS access key). Lightsail wants every value a string. Plain Node, no
// dependencies: it runs from a bare checkout.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const SERVICES = ["web", "workers", "cron"];

/** KEY=VALUE lines as docker's --env-file reads them. */
export function parseEnvFile(text, file = "env file") {
  const env = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const eq = trimmed.indexOf("=");
    const key = eq === -1 ? trimmed.trim() : trimmed.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || eq === -1) {
      throw new Error(`${file}:${index + 1}: expected KEY=VALUE, got "${line.slice(0, 40)}"`);
    }
    env[key] = trimmed.slice(eq + 1);
  });
  return env;
}

export function renderDeployment(definition, image, env) {
  const containers = {};
  for (const [name, container] of Object.entries(definition.containers)) {
    containers[name] = {
      ...container,
      image: container.image.replace("{{image}}", image),
      environment: { ...container.environment, ...env },
    };
  }
  return { containers, publicEndpoint: definition.publicEndpoint };
}

function main([service, image, envFile, outDir]) {
  if (!SERVICES.includes(service) || !image || !envFile || !outDir) {
    throw new Error("usage: render-deployment.mjs <web|workers|cron> <image> <env-file> <out-dir>");
  }
  const definition = JSON.parse(readFileSync(new URL(`./${service}.json`, import.meta.url), "utf8"));
  const serviceFile = envFile.replace(/(\.env)?$/, `.${service}.env`);
  const env = {
    ...parseEnvFile(readFileSync(envFile, "utf8"), envFile),
    ...(existsSync(serviceFile) ? parseEnvFile(readFileSync(serviceFile, "utf8"), serviceFile) : {}),
  };
  const { containers, publicEndpoint } = renderDeployment(definition, image, env);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "containers.json"), `${JSON.stringify(containers, null, 2)}\n`, {
    mode: 0o600,
  });
  if (publicEndpoint) {
    writeFileSync(path.join(outDir, "public-endpoint.json"), `${JSON.stringify(publicEndpoint, null, 2)}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`render-deployment: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
