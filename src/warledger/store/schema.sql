-- The warledger ledger, schema version 2 (kept in PRAGMA user_version by sqlite.py, which also
-- fills what a ledger of an older version lacks: version 2 added event_box).
-- Every statement is idempotent so two processes creating the same file at once both succeed.
-- Spans are stored as (sentence, start, end, text) columns; their document is the row's doc.
-- The cross-document layer (stories, canonical events) will get its own tables in a later version.

CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,          -- Document.content_id: hash of the normalised text
    text        TEXT NOT NULL,
    date        TEXT,                      -- ISO date of the report
    title       TEXT,
    url         TEXT,
    publisher   TEXT,
    origin      TEXT,
    ingested_at TEXT NOT NULL              -- ISO UTC timestamp of the save
);
CREATE INDEX IF NOT EXISTS documents_date ON documents (date);

CREATE TABLE IF NOT EXISTS sentences (
    doc   TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    text  TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS mentions (
    id       INTEGER PRIMARY KEY,          -- insertion order = extraction order
    doc      TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    value    TEXT NOT NULL                 -- codec JSON with a "type" tag
);
CREATE INDEX IF NOT EXISTS mentions_doc_kind ON mentions (doc, kind);

-- One row per distinct Source; the span of each occurrence stays with the referencing row.
CREATE TABLE IF NOT EXISTS sources (
    id           INTEGER PRIMARY KEY,
    identity     TEXT NOT NULL UNIQUE,     -- JSON of the five columns below (NULL-safe uniqueness)
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    role         TEXT,
    organisation TEXT,
    venue        TEXT
);

CREATE TABLE IF NOT EXISTS events (
    id               TEXT PRIMARY KEY,
    doc              TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    type             TEXT NOT NULL,
    modality         TEXT NOT NULL,
    sentence         INTEGER NOT NULL,
    trigger_sentence INTEGER NOT NULL,
    trigger_start    INTEGER NOT NULL,
    trigger_end      INTEGER NOT NULL,
    trigger_text     TEXT NOT NULL,
    aggregate        INTEGER NOT NULL CHECK (aggregate IN (0, 1)),
    source           INTEGER REFERENCES sources (id),
    source_sentence  INTEGER,
    source_start     INTEGER,
    source_end       INTEGER,
    source_text      TEXT,
    date_start       TEXT,                 -- ISO bounds of the event's date field, for since/until
    date_end         TEXT
);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE INDEX IF NOT EXISTS events_date_start ON events (date_start);
CREATE INDEX IF NOT EXISTS events_date_end ON events (date_end);
CREATE INDEX IF NOT EXISTS events_source ON events (source);

CREATE TABLE IF NOT EXISTS event_fields (
    event    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,             -- the field's index in Event.fields
    role     TEXT NOT NULL,
    value    TEXT NOT NULL,
    typed    TEXT,                         -- codec JSON, NULL when the field has no typed value
    hedge    TEXT,                         -- the word weakening this one argument ("potentially")
    doc      TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (event, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_fields_role ON event_fields (role);

-- Casefolded search keys of an event (facet 'actor' or 'place'), derived on save by indexing.py.
CREATE TABLE IF NOT EXISTS event_keys (
    facet TEXT NOT NULL,
    key   TEXT NOT NULL,
    event TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (facet, key, event)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_keys_event ON event_keys (event);

CREATE TABLE IF NOT EXISTS claims (
    id               TEXT PRIMARY KEY,
    doc              TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sentence         INTEGER NOT NULL,
    source           INTEGER NOT NULL REFERENCES sources (id),
    source_sentence  INTEGER,
    source_start     INTEGER,
    source_end       INTEGER,
    source_text      TEXT,
    cue_sentence     INTEGER NOT NULL,
    cue_start        INTEGER NOT NULL,
    cue_end          INTEGER NOT NULL,
    cue_text         TEXT NOT NULL,
    content_sentence INTEGER NOT NULL,
    content_start    INTEGER NOT NULL,
    content_end      INTEGER NOT NULL,
    content_text     TEXT NOT NULL,
    modality         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims (doc);
CREATE INDEX IF NOT EXISTS claims_source ON claims (source);

CREATE TABLE IF NOT EXISTS claim_events (
    claim    TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,             -- the event id's index in Claim.event_ids
    event    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (claim, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_events_event ON claim_events (event);

-- Stories: near-duplicate documents (reprints, lightly edited copies), kept by resolve/stories.py.
-- One row per document placed in a story; story is the smallest document id of the story.
CREATE TABLE IF NOT EXISTS story_documents (
    key       INTEGER PRIMARY KEY AUTOINCREMENT, -- compact document number for story_bands
    doc       TEXT NOT NULL UNIQUE REFERENCES documents (id) ON DELETE CASCADE,
    story     TEXT NOT NULL,
    signature BLOB NOT NULL                      -- MinHash: 128 little-endian uint32 values
);
CREATE INDEX IF NOT EXISTS story_documents_story ON story_documents (story);

-- LSH bands of every signature: documents sharing a (band, hash) are near-duplicate candidates.
CREATE TABLE IF NOT EXISTS story_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,                       -- signed 64-bit hash of the band's values
    doc  INTEGER NOT NULL,                       -- story_documents.key
    PRIMARY KEY (band, hash, doc)
) WITHOUT ROWID;

-- Confirmed near-duplicate pairs (doc < other) with their estimated Jaccard similarity.
CREATE TABLE IF NOT EXISTS story_links (
    doc        TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    other      TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    PRIMARY KEY (doc, other)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_links_other ON story_links (other);

-- Canonical events: one real-world event merged across reports by resolve/events.py (rewritten for
-- the components a resolve touches; ids derive from the members' identities, so they survive re-ingest).
CREATE TABLE IF NOT EXISTS canonical_events (
    id         TEXT PRIMARY KEY,               -- 'ce' + hash of the smallest member identity
    type       TEXT NOT NULL,
    aggregate  INTEGER NOT NULL CHECK (aggregate IN (0, 1)),
    date_start TEXT,
    date_end   TEXT
);
CREATE INDEX IF NOT EXISTS canonical_events_type ON canonical_events (type);

-- Every report event of a canonical event, with its stable identity and why it was merged.
CREATE TABLE IF NOT EXISTS canonical_members (
    canonical TEXT NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    event     TEXT NOT NULL UNIQUE REFERENCES events (id) ON DELETE CASCADE,
    identity  TEXT NOT NULL,                   -- hash of document, type, trigger and field values
    reasons   TEXT NOT NULL,                   -- JSON list of the fields matched with the first member
    PRIMARY KEY (canonical, event)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS canonical_members_identity ON canonical_members (identity);

-- Aggregate events ("about 50 times since 2022") and the single strikes they include.
CREATE TABLE IF NOT EXISTS canonical_includes (
    aggregate TEXT NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    strike    TEXT NOT NULL REFERENCES canonical_events (id) ON DELETE CASCADE,
    PRIMARY KEY (aggregate, strike)
) WITHOUT ROWID;

-- Analyst overrides, keyed by event identities (first < second) so they outlive re-ingest.
CREATE TABLE IF NOT EXISTS canonical_overrides (
    kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    first      TEXT NOT NULL,
    second     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, first, second)
) WITHOUT ROWID;

-- Where each located event happened (its place field, else a target that is a place), written on
-- save by writer.py, for the map and the bbox filter; admin1/country filters use event_keys.
CREATE TABLE IF NOT EXISTS event_geo (
    event        TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    admin1       TEXT,
    country      TEXT,
    country_code TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_geo_lat_lon ON event_geo (lat, lon);

-- Corroboration status of an event ('corroborated', 'single', 'contradicted'), for the
-- corroboration filter; filled by cross-document resolution, empty until it writes here.
CREATE TABLE IF NOT EXISTS event_corroboration (
    event  TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    status TEXT NOT NULL
) WITHOUT ROWID;

-- Keyset pagination in both sort orders (undated events last in each); the expressions must match
-- the ORDER BY of sqlite.py's event queries for these indexes to serve them.
CREATE INDEX IF NOT EXISTS events_keyset_date
    ON events (ifnull(date_start, '~'), doc, trigger_start, id);
CREATE INDEX IF NOT EXISTS events_keyset_date_desc
    ON events (ifnull(date_start, ''), doc, trigger_start, id);

-- Incremental resolution (resolve/events.py): each report event's identity and component (a group
-- of compatible reports no canonical event crosses, named by its smallest identity) as the last
-- resolve left them, and the story its corroboration status was computed with (NULL: not yet).
CREATE TABLE IF NOT EXISTS canonical_components (
    event     TEXT PRIMARY KEY,
    identity  TEXT NOT NULL,
    component TEXT NOT NULL,
    story     TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS canonical_components_component ON canonical_components (component);
-- Which aggregates include a strike (canonical_includes is keyed by aggregate first).
CREATE INDEX IF NOT EXISTS canonical_includes_strike ON canonical_includes (strike);

-- Where and when each event happened, as an R-tree box over (day, longitude, latitude), so a date
-- range and/or a bbox is one index range instead of lists of matches (see store/planner.py).
-- Days are julianday() numbers (exact in the R-tree's 32-bit floats up to year 9999); an undated
-- event sits at day 0 and an unlocated one at longitude = latitude = 1000, outside every query.
-- Events with neither have no box. id is events.rowid, which VACUUM keeps for tables with
-- indexes. A box inside a query's bbox settles the bbox (R-tree bounds are rounded outward, never
-- in); a box across its edges only proposes the event, checked on event_geo.
CREATE VIRTUAL TABLE IF NOT EXISTS event_box USING rtree (
    id,
    min_day, max_day,
    min_lon, max_lon,
    min_lat, max_lat
);

-- The box each event should have; the triggers below keep event_box equal to it.
CREATE VIEW IF NOT EXISTS event_box_rows AS
SELECT
    e.rowid AS id,
    coalesce(min(julianday(e.date_start), julianday(e.date_end)),
             julianday(e.date_start), julianday(e.date_end), 0) AS min_day,
    coalesce(max(julianday(e.date_start), julianday(e.date_end)),
             julianday(e.date_start), julianday(e.date_end), 0) AS max_day,
    ifnull(g.lon, 1000) AS min_lon, ifnull(g.lon, 1000) AS max_lon,
    ifnull(g.lat, 1000) AS min_lat, ifnull(g.lat, 1000) AS max_lat
FROM events e LEFT JOIN event_geo g ON g.event = e.id
WHERE e.date_start IS NOT NULL OR e.date_end IS NOT NULL OR g.event IS NOT NULL;

-- Each trigger re-derives the box of the one event it touches, in the writer's transaction.
CREATE TRIGGER IF NOT EXISTS event_box_event_insert AFTER INSERT ON events BEGIN
    DELETE FROM event_box WHERE id = new.rowid;
    INSERT INTO event_box SELECT * FROM event_box_rows WHERE id = new.rowid;
END;
CREATE TRIGGER IF NOT EXISTS event_box_event_dates AFTER UPDATE OF date_start, date_end ON events BEGIN
    DELETE FROM event_box WHERE id = new.rowid;
    INSERT INTO event_box SELECT * FROM event_box_rows WHERE id = new.rowid;
END;
CREATE TRIGGER IF NOT EXISTS event_box_event_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_box WHERE id = old.rowid;
END;
CREATE TRIGGER IF NOT EXISTS event_box_geo_insert AFTER INSERT ON event_geo BEGIN
    DELETE FROM event_box WHERE id = (SELECT rowid FROM events WHERE id = new.event);
    INSERT INTO event_box SELECT * FROM event_box_rows
        WHERE id = (SELECT rowid FROM events WHERE id = new.event);
END;
CREATE TRIGGER IF NOT EXISTS event_box_geo_update AFTER UPDATE ON event_geo BEGIN
    DELETE FROM event_box WHERE id IN (SELECT rowid FROM events WHERE id IN (old.event, new.event));
    INSERT INTO event_box SELECT * FROM event_box_rows
        WHERE id IN (SELECT rowid FROM events WHERE id IN (old.event, new.event));
END;
CREATE TRIGGER IF NOT EXISTS event_box_geo_delete AFTER DELETE ON event_geo BEGIN
    DELETE FROM event_box WHERE id = (SELECT rowid FROM events WHERE id = old.event);
    INSERT INTO event_box SELECT * FROM event_box_rows
        WHERE id = (SELECT rowid FROM events WHERE id = old.event);
END;
