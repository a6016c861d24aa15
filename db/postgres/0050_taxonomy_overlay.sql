-- The customer's taxonomy overlay (POST/PATCH/DELETE /taxonomy/skills): every change made through the API, in order.
-- The effective taxonomy is db/taxonomy.json with the changes applied up to the latest revision; its version is
-- "{shipped}+{revision}". The primary key hands out revisions: two replicas that both try to append revision n+1
-- collide, and the loser re-checks its change against the winner's taxonomy. Rows are never updated or deleted, so
-- any earlier version can be rebuilt (GET /taxonomy/diff).
CREATE TABLE taxonomy_changes (
    revision   bigint NOT NULL PRIMARY KEY CHECK (revision > 0),
    kind       text NOT NULL CHECK (kind IN ('create', 'update', 'retire')),
    skill_id   text COLLATE "C" NOT NULL,
    change     jsonb NOT NULL,                     -- the change as sent (TaxonomyChange), after trimming
    actor      text,                               -- the key's name (never the key)
    created_at timestamptz NOT NULL
);

CREATE INDEX taxonomy_changes_by_skill ON taxonomy_changes (skill_id, revision);
