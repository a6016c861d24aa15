-- Same model as db/postgres/0070_taxonomy_candidates.sql: per profile its candidate terms (gone with the profile by
-- the cascading foreign key), counted per term by a GROUP BY over the primary key; rejected terms never listed again.
CREATE TABLE profile_candidate_terms (
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    term_key   TEXT NOT NULL,
    display    TEXT NOT NULL,
    examples   TEXT NOT NULL CHECK (json_valid(examples)),
    PRIMARY KEY (term_key, profile_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX profile_candidate_terms_by_profile ON profile_candidate_terms (profile_id);

CREATE TABLE taxonomy_candidate_rejections (
    term_key   TEXT NOT NULL PRIMARY KEY,
    display    TEXT NOT NULL,
    actor      TEXT,
    created_at TEXT NOT NULL
) STRICT;
