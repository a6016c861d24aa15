-- Same model as db/postgres/0001_initial.sql. STRICT tables keep column types honest; times are UTC ISO-8601
-- text with a fixed six-digit fraction ("2025-01-02T03:04:05.123456Z") so text order is time order; JSON is
-- text checked by json_valid; booleans are 0/1.

CREATE TABLE profiles (
    id            TEXT NOT NULL PRIMARY KEY,
    external_id   TEXT UNIQUE,
    language      TEXT NOT NULL,
    questionnaire TEXT NOT NULL CHECK (json_valid(questionnaire)),
    extracted     TEXT NOT NULL CHECK (json_valid(extracted)),
    experience    TEXT NOT NULL CHECK (json_valid(experience)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE profile_skills (
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    skill_id   TEXT NOT NULL,
    level      REAL NOT NULL CHECK (level >= 0 AND level <= 1),
    source     TEXT NOT NULL CHECK (source IN ('mentioned', 'inferred', 'manual')),
    via        TEXT,
    reason     TEXT,
    evidence   TEXT NOT NULL CHECK (json_valid(evidence)),
    PRIMARY KEY (profile_id, skill_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX profile_skills_by_skill ON profile_skills (skill_id, profile_id, level);

CREATE TABLE profile_overrides (
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    skill_id   TEXT NOT NULL,
    level      REAL CHECK (level >= 0 AND level <= 1),
    removed    INTEGER NOT NULL CHECK (removed IN (0, 1)),
    created_at TEXT NOT NULL,
    PRIMARY KEY (profile_id, skill_id)
) STRICT, WITHOUT ROWID;

-- Writers are serialised by SQLite's write lock (BEGIN IMMEDIATE), so AUTOINCREMENT order is commit order;
-- AUTOINCREMENT also never reuses a sequence, even after old rows are pruned.
CREATE TABLE profile_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    profile_id TEXT NOT NULL,
    deleted    INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    at         TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
    id           TEXT NOT NULL PRIMARY KEY,
    external_id  TEXT UNIQUE,
    title        TEXT NOT NULL,
    description  TEXT,
    status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    requirements TEXT NOT NULL CHECK (json_valid(requirements)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE INDEX jobs_by_status ON jobs (status, id);
