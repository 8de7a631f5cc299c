# One image definition, one target per runtime (DESIGN.md §2):
#   docker build --target web     -t dripr-web .
#   docker build --target workers -t dripr-workers .
#   docker build --target cron    -t dripr-cron .
#   docker build --target migrate -t dripr-migrate .
# No secrets are baked in: every runtime reads its configuration from the environment at start
# and refuses to start in production when something is missing (lib/env.ts).

FROM node:20-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# Dependencies (postinstall generates the Prisma client, so the schema comes first).
FROM base AS deps
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma.mjs ./scripts/prisma.mjs
COPY scripts/prisma-engine ./scripts/prisma-engine
RUN npm ci

FROM deps AS build
ENV NEXT_OUTPUT_STANDALONE=1
COPY . .
RUN npm run build

# The Next.js app: agent UI, server actions, webhooks, health (standalone output, no dev deps).
FROM base AS web
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "server.js"]

# SQS consumers, the status poller and the outbox relay (WORKER_ROLES picks a subset), compiled to
# one ESM bundle so production runs plain node (no TypeScript loader: less memory, faster start).
FROM deps AS workers-build
COPY . .
RUN npm run build:workers

FROM deps AS workers
ENV NODE_ENV=production
COPY --chown=node:node . .
COPY --from=workers-build --chown=node:node /app/dist ./dist
USER node
# workers/supervisor.ts runs WORKER_PROCESSES worker processes (default auto: one per CPU, since Node
# runs JavaScript on one core per process); the first also runs the poller and the outbox relay.
# The heap limits keep each worker process under 300 MB resident (npm run bench:pipeline runs these
# flags): the old space at 192 MB, and the young generation's semi-spaces at 12 MB. The semi-spaces
# trade memory for garbage-collection time (CPU profiles of the benchmark's worker): 8 MB spent 14 %
# of its time collecting with peaks of 223–257 MB, 12 MB 10 %, 16 MB 8.5 % with peaks up to 294 MB,
# too close to the limit (V8's default is larger still).
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=12", "--conditions=react-server", "dist/workers/supervisor.mjs"]

# Periodic jobs (retention cleanup, stuck-cycle report…), each under an advisory lock.
FROM workers AS cron
CMD ["node", "--conditions=react-server", "dist/workers/cron.mjs"]

# Applies committed migrations; run once per deploy before the new web/workers start.
FROM deps AS migrate
COPY --chown=node:node . .
USER node
CMD ["node", "scripts/prisma.mjs", "migrate", "deploy"]
