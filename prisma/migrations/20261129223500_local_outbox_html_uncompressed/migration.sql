-- The local outbox (local mode only) keeps each sent email's HTML. PostgreSQL compressed it with
-- pglz, the only method its embedded builds offer, and that cost ~0.3 ms of database CPU per email
-- (bench:pipeline); stored out of line uncompressed, a message takes ~40 kB instead of ~12 kB.
ALTER TABLE "LocalOutboxMessage" ALTER COLUMN "html" SET STORAGE EXTERNAL;
