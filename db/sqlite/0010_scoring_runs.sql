-- Same model as db/postgres/0010_scoring_runs.sql: readers only read 'succeeded' runs, so a run publishes by flipping
-- its status in one statement, and a killed run leaves nothing visible.
--
-- SQLite has no advisory locks, so one run at a time is the single row of scoring_lock: its owner (host:pid:nonce)
-- keeps extending expires_at while the run is alive. A killed run stops extending it, and the next run takes the lock
-- once it has expired (or at once, when the owner is a process on this host that no longer exists).

CREATE TABLE scoring_lock (
    name        TEXT NOT NULL PRIMARY KEY CHECK (name = 'scoring'),
    owner       TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT;

CREATE TABLE scoring_runs (
    id               TEXT NOT NULL PRIMARY KEY,
    status           TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
    trigger          TEXT NOT NULL,
    owner            TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    heartbeat_at     TEXT NOT NULL,
    finished_at      TEXT,
    top_n            INTEGER NOT NULL CHECK (top_n > 0),
    job_filter       TEXT CHECK (job_filter IS NULL OR json_valid(job_filter)),
    scorer_version   TEXT NOT NULL,
    taxonomy_version TEXT NOT NULL,
    previous_run_id  TEXT,
    profiles         INTEGER NOT NULL DEFAULT 0,
    jobs_total       INTEGER NOT NULL DEFAULT 0,
    jobs_scored      INTEGER NOT NULL DEFAULT 0,
    results          INTEGER NOT NULL DEFAULT 0,
    new_entries      INTEGER NOT NULL DEFAULT 0,
    dropped          INTEGER NOT NULL DEFAULT 0,
    moved_up         INTEGER NOT NULL DEFAULT 0,
    moved_down       INTEGER NOT NULL DEFAULT 0,
    unchanged        INTEGER NOT NULL DEFAULT 0,
    load_ms          INTEGER,
    score_ms         INTEGER,
    write_ms         INTEGER,
    error            TEXT,
    webhook_status   TEXT CHECK (webhook_status IN ('delivered', 'failed')),
    webhook_attempts INTEGER,
    webhook_error    TEXT,
    webhook_at       TEXT
) STRICT;

CREATE INDEX scoring_runs_by_status ON scoring_runs (status, started_at);

CREATE TABLE scoring_run_jobs (
    run_id      TEXT NOT NULL,
    job_id      TEXT NOT NULL,
    results     INTEGER NOT NULL,
    new_entries INTEGER NOT NULL,
    dropped     INTEGER NOT NULL,
    moved_up    INTEGER NOT NULL,
    moved_down  INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    PRIMARY KEY (run_id, job_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX scoring_run_jobs_by_job ON scoring_run_jobs (job_id, run_id);

CREATE TABLE scoring_results (
    run_id               TEXT NOT NULL,
    job_id               TEXT NOT NULL,
    rank                 INTEGER NOT NULL,
    profile_id           TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    score_units          INTEGER NOT NULL,
    missing_required     TEXT NOT NULL CHECK (json_valid(missing_required)),
    previous_rank        INTEGER,
    previous_score_units INTEGER,
    PRIMARY KEY (run_id, job_id, rank)
) STRICT, WITHOUT ROWID;

CREATE INDEX scoring_results_by_profile ON scoring_results (profile_id);

CREATE TABLE scoring_dropped (
    run_id               TEXT NOT NULL,
    job_id               TEXT NOT NULL,
    profile_id           TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    previous_rank        INTEGER NOT NULL,
    previous_score_units INTEGER NOT NULL,
    PRIMARY KEY (run_id, job_id, profile_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX scoring_dropped_by_profile ON scoring_dropped (profile_id);
