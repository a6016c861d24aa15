-- Same model as db/postgres/0060_profile_attributes.sql.
ALTER TABLE profiles ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes));

CREATE TABLE custom_fields (
    key         TEXT NOT NULL PRIMARY KEY,
    type        TEXT NOT NULL CHECK (type IN ('string', 'number', 'date')),
    description TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

ALTER TABLE jobs ADD COLUMN filter TEXT CHECK (filter IS NULL OR json_valid(filter));
