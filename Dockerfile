# syntax=docker/dockerfile:1
# One image definition, one target per runtime (DESIGN.md §2), all linux/amd64 for Lightsail:
#   docker build --platform linux/amd64 --target web     -t dripr-web .
#   docker build --platform linux/amd64 --target workers -t dripr-workers .
#   docker build --platform linux/amd64 --target cron    -t dripr-cron .
#   docker build --platform linux/amd64 --target migrate -t dripr-migrate .
# scripts/build-and-push-to-aws.sh builds, pushes and deploys all four (README → Deployment).
# No secrets are baked in: every runtime reads its configuration from the environment at start
# and refuses to start in production when something is missing (lib/env.ts).
# The runtime stages (web, workers, cron) copy only build output: Next.js's standalone server with
# the node_modules files it traced, and the worker bundles with the files @vercel/nft traced
# (scripts/build-workers.ts). No `npm install` runs in them, so no dev dependency can get in
# (deploy/dockerfile.test.ts checks both). `npm run smoke:production` runs these same outputs.

FROM node:20-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# Every dependency, dev ones included: the build stages and the migrate tool need them.
# (postinstall generates the Prisma client, so the schema and the offline engine come first.)
FROM base AS deps
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma.mjs ./scripts/prisma.mjs
COPY scripts/prisma-engine ./scripts/prisma-engine
RUN npm ci --no-audit --no-fund

FROM deps AS web-build
ENV NEXT_OUTPUT_STANDALONE=1
COPY . .
RUN npm run build

FROM deps AS workers-build
COPY . .
RUN npm run build:workers

# The Next.js app: agent UI, server actions, webhooks, health (standalone output).
FROM base AS web
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0
COPY --from=web-build --chown=node:node /app/.next/standalone ./
COPY --from=web-build --chown=node:node /app/.next/static ./.next/static
COPY --from=web-build --chown=node:node /app/public ./public
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]

# SQS consumers, the status poller and the outbox relay (WORKER_ROLES picks a subset): the esbuild
# bundles and the node_modules files they load, run by plain node (no TypeScript loader: less
# memory, faster start).
FROM base AS workers
ENV NODE_ENV=production
COPY --from=workers-build --chown=node:node /app/dist/workers-image ./
USER node
EXPOSE 54332
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKERS_HEALTH_PORT||54332)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# workers/supervisor.ts runs WORKER_PROCESSES worker processes (default auto: one per CPU, since Node
# runs JavaScript on one core per process); the first also runs the poller and the outbox relay.
# The heap limits keep each worker process under 300 MB resident (npm run bench:pipeline runs these
# flags): the old space at 192 MB, and the young generation's semi-spaces at 12 MB. The semi-spaces
# trade memory for garbage-collection time (CPU profiles of the benchmark's worker): 8 MB spent 14 %
# of its time collecting with peaks of 223–257 MB, 12 MB 10 %, 16 MB 8.5 % with peaks up to 294 MB,
# too close to the limit (V8's default is larger still).
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=12", "--conditions=react-server", "dist/workers/supervisor.mjs"]

# Periodic jobs (mortgage rates, approval mail, stuck-cycle report, retention cleanup), each under an
# advisory lock. Same files as workers, another entrypoint and health port.
FROM workers AS cron
EXPOSE 54333
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CRON_HEALTH_PORT||54333)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--conditions=react-server", "dist/workers/cron.mjs"]

# Applies committed migrations (`prisma migrate deploy`, under Prisma's advisory lock). A one-off
# tool, never a server: scripts/build-and-push-to-aws.sh runs it once per deploy before the new web,
# workers and cron start. It keeps the full node_modules because the Prisma CLI and the offline
# schema engine (scripts/prisma-engine) are dev dependencies of the app.
FROM deps AS migrate
ENV NODE_ENV=production
USER node
HEALTHCHECK NONE
CMD ["node", "scripts/prisma.mjs", "migrate", "deploy"]
