-- A model's owner: only it (and an admin) may publish versions, set stages and delete versions.
-- Models stored before owners existed are owned by their creator.
ALTER TABLE models ADD COLUMN owner TEXT;
UPDATE models SET owner = created_by WHERE owner IS NULL;
ALTER TABLE models ALTER COLUMN owner SET NOT NULL;
