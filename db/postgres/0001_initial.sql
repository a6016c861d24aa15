-- Profiles, their effective skills, recruiter overrides, the change feed the match index replays, and jobs.
-- Identifiers use the "C" collation so that ORDER BY id (cursor paging, streaming) is plain byte order,
-- the same order SQLite and .NET's ordinal comparison give.

CREATE TABLE profiles (
    id            text COLLATE "C" NOT NULL PRIMARY KEY,
    external_id   text COLLATE "C" UNIQUE,
    language      text NOT NULL,
    questionnaire jsonb NOT NULL,                 -- { format, content | answers } as sent
    extracted     jsonb NOT NULL,                 -- the extraction's own skills, kept to recompose on overrides
    experience    jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- The effective skills (extraction + overrides + inferred ancestors), what reads and the match index use.
CREATE TABLE profile_skills (
    profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    skill_id   text COLLATE "C" NOT NULL,
    level      double precision NOT NULL CHECK (level >= 0 AND level <= 1),
    source     text NOT NULL CHECK (source IN ('mentioned', 'inferred', 'manual')),
    via        text COLLATE "C",
    reason     text,
    evidence   jsonb NOT NULL,
    PRIMARY KEY (profile_id, skill_id)
);

-- The skill/minLevel filter of GET /profiles: seek the skill, walk its holders in id order (the cursor order)
-- and test the level from the index itself, so a page costs about `limit` entries, not every holder.
CREATE INDEX profile_skills_by_skill ON profile_skills (skill_id, profile_id, level);

-- One row per (profile, skill): the latest override of a skill replaces the earlier one.
CREATE TABLE profile_overrides (
    profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    skill_id   text COLLATE "C" NOT NULL,
    level      double precision CHECK (level >= 0 AND level <= 1),
    removed    boolean NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (profile_id, skill_id)
);

-- Written in the same transaction as every profile write. Writers take pg_advisory_xact_lock before inserting
-- here, so sequences are assigned and committed in order and a reader polling "seq > last" never skips one.
-- No foreign key: a deletion's row outlives the profile, and it carries nothing but the id.
CREATE TABLE profile_changes (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    profile_id text COLLATE "C" NOT NULL,
    deleted    boolean NOT NULL,
    at         timestamptz NOT NULL
);

CREATE TABLE jobs (
    id           text COLLATE "C" NOT NULL PRIMARY KEY,
    external_id  text COLLATE "C" UNIQUE,
    title        text NOT NULL,
    description  text,
    status       text NOT NULL CHECK (status IN ('open', 'closed')),
    requirements jsonb NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX jobs_by_status ON jobs (status, id);
