-- Issue 14: what a candidate is besides skills (ProfileAttributes, stored normalised as one document), the custom
-- field keys the attributes may use (declared once with their type), and a job's default match filter.
-- attributes is written in the same transaction as the profile and reaches the match index through the change feed.
ALTER TABLE profiles ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb;

CREATE TABLE custom_fields (
    key         text COLLATE "C" NOT NULL PRIMARY KEY,
    type        text NOT NULL CHECK (type IN ('string', 'number', 'date')),
    description text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- The filter POST /match by jobId, the nightly lists and reverse matches apply (null: none).
ALTER TABLE jobs ADD COLUMN filter jsonb;
