-- Nightly scoring runs (src/Matching.Nightly and POST /scoring-runs): every open job's top-N over all profiles, kept
-- per run, with what changed since the job's previous list.
--
-- Publishing is one statement: a run writes its rows while its status is 'running', and readers only ever read runs
-- whose status is 'succeeded', so flipping the status publishes everything at once. A run killed at any point leaves
-- a 'running' row and rows nobody reads; the next run marks it 'abandoned' and deletes them. One run at a time is a
-- session advisory lock held on a dedicated connection for the whole run (see ScoringLock.cs), not a table.

CREATE TABLE scoring_runs (
    id               text COLLATE "C" NOT NULL PRIMARY KEY,
    status           text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
    trigger          text NOT NULL,                -- console | schedule | api
    owner            text NOT NULL,                -- host:pid of the process that ran it
    started_at       timestamptz NOT NULL,
    heartbeat_at     timestamptz NOT NULL,
    finished_at      timestamptz,
    top_n            integer NOT NULL CHECK (top_n > 0),
    job_filter       jsonb,                        -- the job ids asked for; null = every open job
    scorer_version   text NOT NULL,
    taxonomy_version text NOT NULL,
    previous_run_id  text COLLATE "C",             -- the latest succeeded run when this one started
    profiles         integer NOT NULL DEFAULT 0,
    jobs_total       integer NOT NULL DEFAULT 0,
    jobs_scored      integer NOT NULL DEFAULT 0,
    results          integer NOT NULL DEFAULT 0,
    new_entries      integer NOT NULL DEFAULT 0,
    dropped          integer NOT NULL DEFAULT 0,
    moved_up         integer NOT NULL DEFAULT 0,
    moved_down       integer NOT NULL DEFAULT 0,
    unchanged        integer NOT NULL DEFAULT 0,
    load_ms          bigint,
    score_ms         bigint,
    write_ms         bigint,
    error            text,
    webhook_status   text CHECK (webhook_status IN ('delivered', 'failed')),
    webhook_attempts integer,
    webhook_error    text,
    webhook_at       timestamptz
);

CREATE INDEX scoring_runs_by_status ON scoring_runs (status, started_at);

-- One row per job a run scored, with that job's change totals: which run holds a job's latest list is a lookup here.
-- No foreign key to jobs: a job deleted mid-run must not fail the run; its rows go with retention.
CREATE TABLE scoring_run_jobs (
    run_id      text COLLATE "C" NOT NULL,
    job_id      text COLLATE "C" NOT NULL,
    results     integer NOT NULL,
    new_entries integer NOT NULL,
    dropped     integer NOT NULL,
    moved_up    integer NOT NULL,
    moved_down  integer NOT NULL,
    unchanged   integer NOT NULL,
    PRIMARY KEY (run_id, job_id)
);

CREATE INDEX scoring_run_jobs_by_job ON scoring_run_jobs (job_id, run_id);

-- A job's stored top-N. previous_* describe the same profile in the job's previous list (null: new in the list).
-- Scores are ten-thousandths of a point (scores have exactly four decimals), so equality means "unchanged".
-- Erasure: deleting a profile deletes its stored scores through the foreign key.
CREATE TABLE scoring_results (
    run_id               text COLLATE "C" NOT NULL,
    job_id               text COLLATE "C" NOT NULL,
    rank                 integer NOT NULL,
    profile_id           text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    score_units          integer NOT NULL,
    missing_required     text NOT NULL,        -- JSON array of the required skill ids it misses
    previous_rank        integer,
    previous_score_units integer,
    PRIMARY KEY (run_id, job_id, rank)
);

CREATE INDEX scoring_results_by_profile ON scoring_results (profile_id);

-- Profiles that were in a job's previous list and are not in this run's.
CREATE TABLE scoring_dropped (
    run_id               text COLLATE "C" NOT NULL,
    job_id               text COLLATE "C" NOT NULL,
    profile_id           text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    previous_rank        integer NOT NULL,
    previous_score_units integer NOT NULL,
    PRIMARY KEY (run_id, job_id, profile_id)
);

CREATE INDEX scoring_dropped_by_profile ON scoring_dropped (profile_id);
