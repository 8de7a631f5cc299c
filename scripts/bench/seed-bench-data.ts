import type pg from "pg";

/**
 * Benchmark data, written with set-based SQL (INSERT … SELECT generate_series) so a million campaigns
 * load in seconds rather than the minutes row-by-row Prisma inserts would take. Rows are what the app
 * writes: agents with a postal address, lower-cased client emails, 5-digit zips, send days 1–28, and
 * UUIDv7 ids (PostgreSQL 18's uuidv7(); the benchmark always runs its own embedded server).
 */

const TIME_ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"];
/** Send times at 11:00 in those zones (UTC hours, winter). */
const SEND_HOUR_UTC = [16, 17, 18, 19];

/** Agents `from`..`to` (1-based), sending window off so nothing depends on the time of day. */
export async function seedAgents(db: pg.Client, from: number, to: number): Promise<void> {
  await db.query(
    `INSERT INTO "User" (id, "clerkUserId", email, "firstName", "lastName", "addressLine1", city, state,
       "postalCode", "timeZone", "sendingWindowEnabled", "updatedAt")
     SELECT uuidv7(), 'local_bench_' || i, 'agent' || i || '@bench.example.com', 'Agent', 'No ' || i,
       (100 + i) || ' Main Street', 'Austin', 'TX', '78701', ($3::text[])[1 + i % 4], false, now()
     FROM generate_series($1::int, $2::int) AS i`,
    [from, to, TIME_ZONES],
  );
}

/**
 * Phase A: `count` campaigns spread round-robin over the agents and `zips` zip codes, created a day
 * ago and due now (the first cycle starts at creation, DESIGN.md §5), each with its CREATED history row.
 */
export async function seedDueCampaigns(db: pg.Client, count: number, zips: number): Promise<void> {
  await db.query(
    `WITH agents AS (SELECT array_agg(id ORDER BY "clerkUserId") AS ids FROM "User"),
     inserted AS (
       INSERT INTO "Campaign" (id, "userId", "clientFirstName", "clientLastName", "clientEmail",
         "propertyAddressLine1", "propertyCity", "propertyState", "zipCode", bedrooms, bathrooms,
         "squareFootage", "purchasePrice", "purchaseDate", "fixedSendDay", "nextSendDate",
         "statusChangedAt", "createdAt", "updatedAt")
       SELECT uuidv7(), agents.ids[1 + i % cardinality(agents.ids)], 'Client', 'No ' || i,
         'due' || i || '@homeowners.example.com', (i % 9000 + 10) || ' Oak Street', 'Springfield', 'TX',
         (10000 + (i % $2::int) * 881)::text, 3, 2, 1850, 415000, date '2019-06-14', 1 + i % 28,
         now(), now() - interval '1 day', now() - interval '1 day', now()
       FROM generate_series(1, $1::int) AS i, agents
       RETURNING id, "createdAt", "userId")
     INSERT INTO "CampaignHistory" (id, "campaignId", cycle, "toStatus", event, actor, at)
     SELECT uuidv7(), id, 0, 'DORMANT', 'CREATED', 'AGENT:' || "userId", "createdAt" FROM inserted`,
    [count, zips],
  );
}

/**
 * Phase B: tops the Campaign table up to `total` rows with dormant campaigns between cycles, as a
 * live system has them: next send dates at 11:00 local on days 3–32 from now (beyond the 48 h
 * preparation lead, so none is due), ~3 % disabled (no next send date, as setCampaignEnabled leaves
 * them), ~0.5 % unsubscribed, and each with last cycle's email, sent (COMPLETE): the history the
 * planner sees in Email decides the plan of the promotion query. Inserted in chunks so progress shows.
 *
 * Loaded the way bulk loads are done: secondary indexes dropped and rebuilt afterwards from their own
 * definitions (a sorted build is several times faster than a million random inserts), foreign-key
 * triggers off for the session (the agent ids come from the User table). The indexes are therefore
 * freshly packed when measured, a little denser than grown ones; the poller reads small ranges of them.
 */
export async function topUpDormantCampaigns(
  db: pg.Client,
  total: number,
  zips: number,
  onProgress: (rows: number) => void,
): Promise<void> {
  const current = await countCampaigns(db);
  if (current >= total) return;
  const { rows: indexes } = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     WHERE i.indrelid IN ('"Campaign"'::regclass, '"Email"'::regclass) AND NOT i.indisprimary AND NOT i.indisunique`,
  );
  await db.query("SET session_replication_role = replica");
  for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
  try {
    const chunk = 100_000;
    for (let from = current; from < total; from += chunk) {
      const upTo = Math.min(total, from + chunk);
      await insertDormant(db, from + 1, upTo, zips);
      onProgress(upTo);
    }
  } finally {
    await db.query("SET session_replication_role = DEFAULT");
    for (const index of indexes) await db.query(index.definition);
  }
}

/** Dormant campaigns numbered `from`..`to`, spread round-robin over every agent, with last cycle's email. */
async function insertDormant(db: pg.Client, from: number, to: number, zips: number): Promise<void> {
  await db.query(
    `WITH agents AS (SELECT array_agg(id ORDER BY "clerkUserId") AS ids FROM "User"),
     inserted AS (
       INSERT INTO "Campaign" (id, "userId", "clientFirstName", "clientLastName", "clientEmail",
         "propertyAddressLine1", "propertyCity", "propertyState", "zipCode", bedrooms, bathrooms,
         "squareFootage", "purchasePrice", "purchaseDate", "fixedSendDay", enabled, cycle,
         "emailCreationStatus", "nextSendDate", "lastScheduledSendDate", "lastSentEmailDatetime",
         "statusChangedAt", "unsubscribedAt", "createdAt", "updatedAt")
       SELECT uuidv7(), agents.ids[1 + i % cardinality(agents.ids)], 'Client', 'No ' || i,
         'client' || i || '@homeowners.example.com', (i % 9000 + 10) || ' Elm Street', 'Springfield', 'TX',
         (10000 + (i % $3::int) * 881)::text, 2 + i % 4, 1 + i % 3, 1200 + i % 2000, 250000 + i % 700000,
         date '2015-01-01' + i % 3000, 1 + i % 28, i % 33 <> 0, 1 + i % 24, 'READY',
         CASE WHEN i % 33 <> 0 THEN next_send END, next_send - interval '1 month',
         next_send - interval '1 month', next_send - interval '1 month',
         CASE WHEN i % 200 = 1 THEN now() - interval '3 days' END,
         now() - make_interval(days => 30 + i % 700), now()
       FROM generate_series($1::int, $2::int) AS i, agents,
         LATERAL (SELECT date_trunc('day', now()) + make_interval(days => 3 + (i * 7) % 30,
           hours => ($4::int[])[1 + i % 4]) AS next_send) AS t
       RETURNING id, "userId", cycle, "clientEmail", "lastScheduledSendDate", "lastSentEmailDatetime")
     INSERT INTO "Email" (id, "campaignId", "userId", cycle, status, "toEmail", "toName", subject, "textBody",
       "htmlStorageKey", "scheduledSendDatetime", "messageId", provider, "sendAttempts", "sentAt",
       "createdAt", "updatedAt")
     SELECT uuidv7(), id, "userId", cycle, 'COMPLETE', "clientEmail", 'Client', 'Your home this month', '…',
       'emails/' || "userId" || '/' || id || '/bench.html', "lastScheduledSendDate",
       '<bench-sent-' || id || '-' || cycle || '@bench.example.com>', 'LOCAL_OUTBOX', 1,
       "lastSentEmailDatetime", "lastScheduledSendDate" - interval '2 days', now()
     FROM inserted`,
    [from, to, zips, SEND_HOUR_UTC],
  );
}

/**
 * The steady state of a live system: a cycle starts EMAIL_PREPARE_LEAD_HOURS before its send date and
 * its email is ready within minutes, so at any moment about lead ÷ 30 days of the campaigns sit in
 * READY_TO_CREATE_EMAIL with a READY email waiting for its send time (or, 1 in 10, for approval).
 * Send times start an hour from now, so none comes due while the benchmark measures.
 * Moves that fraction of the enabled dormant campaigns there, each with its email; returns how many.
 */
export async function seedWaitingForSendTime(
  db: pg.Client,
  fraction: number,
  leadHours: number,
): Promise<number> {
  const { rowCount } = await db.query(
    `WITH picked AS (
       UPDATE "Campaign" c SET status = 'READY_TO_CREATE_EMAIL', "emailCreationStatus" = 'READY',
         cycle = c.cycle + 1, "checkBeforeSending" = (hashtext(c.id::text) % 10 = 0),
         "nextSendDate" = t.send_at, "lastScheduledSendDate" = t.send_at,
         "statusChangedAt" = least(t.send_at - make_interval(hours => $2::int), now()), "updatedAt" = now()
       FROM (SELECT id, now() + interval '1 hour' + random() * make_interval(hours => $2::int - 1) AS send_at
             FROM "Campaign" TABLESAMPLE BERNOULLI ($1::float8)
             WHERE status = 'DORMANT' AND enabled AND "unsubscribedAt" IS NULL) AS t
       WHERE c.id = t.id
       RETURNING c.id, c."userId", c.cycle, c."clientEmail", c."nextSendDate", c."checkBeforeSending")
     INSERT INTO "Email" (id, "campaignId", "userId", cycle, status, "toEmail", "toName", subject, "textBody",
       "htmlStorageKey", "scheduledSendDatetime", "approvalStatus", "messageId", "updatedAt")
     SELECT uuidv7(), id, "userId", cycle, 'READY', "clientEmail", 'Client', 'Your home this month', '…',
       'emails/' || "userId" || '/' || id || '/bench.html', "nextSendDate",
       CASE WHEN "checkBeforeSending" THEN 'PENDING' ELSE 'NOT_REQUIRED' END::"ApprovalStatus",
       '<bench-waiting-' || id || '-' || cycle || '@bench.example.com>', now()
     FROM picked`,
    [fraction * 100, leadHours],
  );
  return rowCount ?? 0;
}

/** Undoes seedWaitingForSendTime and any cycle the measurements started: everything DORMANT again. */
export async function resetToDormant(db: pg.Client): Promise<void> {
  await db.query(`DELETE FROM "Email" WHERE "messageId" LIKE '<bench-waiting-%'`);
  await db.query(
    `UPDATE "Campaign" SET status = 'DORMANT', "statusChangedAt" = now(), "checkBeforeSending" = false,
       "nextSendDate" = date_trunc('day', now()) + interval '20 days 16 hours'
     WHERE status <> 'DORMANT' OR ("nextSendDate" <= now() + interval '3 days' AND enabled)`,
  );
}

/**
 * VACUUM ANALYZE: the statistics and visibility map autovacuum would have in a running system. Then a
 * CHECKPOINT, so writing out the load does not land in the middle of a measurement.
 */
export async function vacuumAnalyze(db: pg.Client): Promise<void> {
  for (const table of ["Campaign", "User", "CampaignArtifact", "Email", "CampaignHistory"]) {
    await db.query(`VACUUM (ANALYZE) "${table}"`);
  }
  await db.query("CHECKPOINT");
}

export async function countCampaigns(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Campaign"`);
  return Number(rows[0]?.n ?? 0);
}
