-- Terms we don't know yet (GET /taxonomy/candidates): per profile, the tool-like terms its questionnaire names that
-- resolve to no skill, with at most two short quotes each. Written in the profile's own transaction (ingest, batch,
-- re-extraction) and gone with it (the foreign key cascades on erasure). The list counts profiles per term with a
-- GROUP BY over the primary key (term first), so no counter row is shared by concurrent ingests.
CREATE TABLE profile_candidate_terms (
    profile_id text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    term_key   text COLLATE "C" NOT NULL,          -- folded: lowercase, ё as е, words joined by one space
    display    text NOT NULL,                      -- the spelling this questionnaire uses most
    examples   jsonb NOT NULL,                     -- ["quote", …]: at most 2, each at most 80 characters
    PRIMARY KEY (term_key, profile_id)
);

CREATE INDEX profile_candidate_terms_by_profile ON profile_candidate_terms (profile_id);

-- The stop list: terms an admin rejected (POST /taxonomy/candidates/{term}/reject). They are never listed again,
-- whatever profiles still name them.
CREATE TABLE taxonomy_candidate_rejections (
    term_key   text COLLATE "C" NOT NULL PRIMARY KEY,
    display    text NOT NULL,
    actor      text,                               -- the key's name (never the key)
    created_at timestamptz NOT NULL
);
