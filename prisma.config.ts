// Prisma CLI configuration. Run the CLI through `node scripts/prisma.mjs …` on machines without
// the native schema engine (see scripts/prisma-engine/schema-engine.mjs).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    // Read directly (not through lib/env.ts): this file is loaded by the Prisma CLI, not the app.
    // Left undefined when unset so `prisma generate` works without a database; migrate and db
    // commands then stop with "The datasource.url property is required".
    url: process.env.DATABASE_URL,
    // migrate dev / migrate diff --from-migrations replay the migrations in a disposable database:
    // SHADOW_DATABASE_URL, or `<database>_shadow` on the same server (created when missing). The
    // offline engine refuses to run them without one.
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL ?? shadowNextTo(process.env.DATABASE_URL),
  },
});

function shadowNextTo(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl) return undefined;
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname.replace(/\/$/, "") || "/postgres"}_shadow`;
  return url.href;
}
