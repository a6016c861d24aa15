-- Same model as db/postgres/0040_reextraction_runs.sql: each profile's outcome is committed with the run's checkpoint
-- (last_profile_id and the counters), so a killed run resumes exactly after its last handled profile.
--
-- SQLite has no advisory locks: one run at a time is the single row of reextraction_lock, kept alive by its owner
-- exactly as scoring_lock is (see db/sqlite/0010_scoring_runs.sql).

CREATE TABLE reextraction_lock (
    name        TEXT NOT NULL PRIMARY KEY CHECK (name = 'reextraction'),
    owner       TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT;

CREATE TABLE reextraction_runs (
    id                TEXT NOT NULL PRIMARY KEY,
    status            TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
    trigger           TEXT NOT NULL,
    owner             TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    taxonomy_version  TEXT NOT NULL,
    started_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    finished_at       TEXT,
    last_profile_id   TEXT NOT NULL DEFAULT '',
    total             INTEGER NOT NULL,
    done              INTEGER NOT NULL DEFAULT 0,
    changed           INTEGER NOT NULL DEFAULT 0,
    unchanged         INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    skipped           INTEGER NOT NULL DEFAULT 0,
    resumes           INTEGER NOT NULL DEFAULT 0,
    error             TEXT
) STRICT;

CREATE INDEX reextraction_runs_by_status ON reextraction_runs (status, started_at);

CREATE TABLE reextraction_failures (
    run_id     TEXT NOT NULL REFERENCES reextraction_runs (id) ON DELETE CASCADE,
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    PRIMARY KEY (run_id, profile_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX reextraction_failures_by_profile ON reextraction_failures (profile_id);
