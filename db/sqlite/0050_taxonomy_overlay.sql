-- Same model as db/postgres/0050_taxonomy_overlay.sql: every taxonomy change made through the API, in revision order;
-- the primary key hands out revisions (BEGIN IMMEDIATE serialises writers of one file).
CREATE TABLE taxonomy_changes (
    revision   INTEGER NOT NULL PRIMARY KEY CHECK (revision > 0),
    kind       TEXT NOT NULL CHECK (kind IN ('create', 'update', 'retire')),
    skill_id   TEXT NOT NULL,
    change     TEXT NOT NULL CHECK (json_valid(change)),
    actor      TEXT,
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX taxonomy_changes_by_skill ON taxonomy_changes (skill_id, revision);
