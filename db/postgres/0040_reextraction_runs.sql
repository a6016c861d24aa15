-- Re-extraction runs (src/Matching.Nightly reextract and POST /reextractions): every profile whose extractor or taxonomy
-- version differs from the run's target is re-extracted from its stored questionnaire, one transaction per profile.
--
-- A run walks the due profiles in id order. Each profile's outcome is written in the same transaction as its
-- checkpoint here (last_profile_id, the cursor, and the counters), so a run killed at any point (kill -9) knows
-- exactly where it stopped: the next start resumes it after that profile, with its counts, when the target versions are
-- still the same; otherwise it is marked 'abandoned' and a new run takes whatever is still due. One run at a time is a
-- session advisory lock (as for scoring runs, with its own key; see ScoringLock.cs), not a table.

CREATE TABLE reextraction_runs (
    id                text COLLATE "C" NOT NULL PRIMARY KEY,
    status            text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
    trigger           text NOT NULL,                   -- console | api
    owner             text NOT NULL,                   -- host:pid:nonce of the process running it (the latest, after a resume)
    extractor_version text NOT NULL,                   -- the target: profiles with other versions are due
    taxonomy_version  text NOT NULL,
    started_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,            -- the last checkpoint or heartbeat
    finished_at       timestamptz,
    last_profile_id   text COLLATE "C" NOT NULL DEFAULT '',   -- the cursor: the last profile id handled ('' = none yet)
    total             integer NOT NULL,                -- profiles due when the run started
    done              integer NOT NULL DEFAULT 0,      -- = changed + unchanged + failed + skipped
    changed           integer NOT NULL DEFAULT 0,
    unchanged         integer NOT NULL DEFAULT 0,
    failed            integer NOT NULL DEFAULT 0,
    skipped           integer NOT NULL DEFAULT 0,      -- rewritten or erased while the run was at them
    resumes           integer NOT NULL DEFAULT 0,
    error             text
);

CREATE INDEX reextraction_runs_by_status ON reextraction_runs (status, started_at);

-- The profiles a run could not re-extract, with the extractor's reason code (never the text). Erasing the profile
-- removes its rows; retention of the run removes the rest.
CREATE TABLE reextraction_failures (
    run_id     text COLLATE "C" NOT NULL REFERENCES reextraction_runs (id) ON DELETE CASCADE,
    profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    code       text NOT NULL,
    PRIMARY KEY (run_id, profile_id)
);

CREATE INDEX reextraction_failures_by_profile ON reextraction_failures (profile_id);
