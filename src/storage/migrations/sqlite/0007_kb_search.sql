-- Knowledge base (知识库) and search (see src/kb/ and src/search/).
--
-- Articles: title and body are versioned (kb_versions); category, visibility and tags belong to the
-- article. Readers see the published version; editors see the latest. The search index is an FTS5
-- table fed with our own tokens (search/tokenizer.h), so unicode61 only splits them at the spaces.

CREATE TABLE kb_articles (
  id                 INTEGER PRIMARY KEY,
  title              TEXT NOT NULL,
  body               TEXT NOT NULL,
  category_id        INTEGER REFERENCES categories (id),
  visibility         TEXT NOT NULL CHECK (visibility IN ('internal', 'public')),
  state              TEXT NOT NULL CHECK (state IN ('draft', 'review', 'published', 'archived')),
  version            INTEGER NOT NULL,
  published_version  INTEGER,
  author_id          INTEGER NOT NULL REFERENCES users (id),
  reviewer_id        INTEGER REFERENCES users (id),
  review_note        TEXT NOT NULL DEFAULT '',
  source_ticket_id   INTEGER REFERENCES tickets (id),
  views              INTEGER NOT NULL DEFAULT 0,
  helpful            INTEGER NOT NULL DEFAULT 0,
  not_helpful        INTEGER NOT NULL DEFAULT 0,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  published_at       INTEGER
);
CREATE INDEX kb_articles_state ON kb_articles (state, updated_at);

CREATE TABLE kb_versions (
  article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
  version     INTEGER NOT NULL,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL,
  author_id   INTEGER NOT NULL REFERENCES users (id),
  note        TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (article_id, version)
);

CREATE TABLE kb_tags (
  article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
  tag         TEXT NOT NULL,
  PRIMARY KEY (article_id, tag)
);
CREATE INDEX kb_tags_tag ON kb_tags (tag);

-- Articles linked from the tickets they solved.
CREATE TABLE kb_ticket_links (
  article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  created_by  INTEGER REFERENCES users (id),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (article_id, ticket_id)
);
CREATE INDEX kb_ticket_links_ticket ON kb_ticket_links (ticket_id);

-- One vote per reader; changing it moves the counts on the article.
CREATE TABLE kb_feedback (
  article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
  user_id     INTEGER NOT NULL REFERENCES users (id),
  helpful     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (article_id, user_id)
);

-- A suggestion that answered a request before it was submitted (self-service deflection).
CREATE TABLE kb_deflections (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
  user_id     INTEGER REFERENCES users (id),
  query       TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX kb_deflections_article ON kb_deflections (article_id, created_at);

-- File contents, stored once per SHA-256 whatever the number of files naming them.
CREATE TABLE attachment_blobs (
  sha256  TEXT PRIMARY KEY,
  size    INTEGER NOT NULL,
  data    BLOB NOT NULL
);

CREATE TABLE kb_attachments (
  id            INTEGER PRIMARY KEY,
  article_id    INTEGER NOT NULL REFERENCES kb_articles (id),
  filename      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL REFERENCES attachment_blobs (sha256),
  created_by    INTEGER REFERENCES users (id),
  created_at    INTEGER NOT NULL
);
CREATE INDEX kb_attachments_article ON kb_attachments (article_id);

-- The search index: one FTS5 table per kind of document, rowid = the document's id. `acl` holds the facets that visibility and filters ask about as tokens (org42, req7,
-- team3, teamnone, asg9, stnew, prip1, typeincident, cat12 …; for articles audpublic, cat12), so that
-- "what this searcher may see" and "state:open" are matched by the index itself, not row by row.
-- Nothing but tokens: ranking boosts (solved, recent) are read from the tickets and articles themselves
-- for the few best candidates, since FTS5 reads a whole content row to give one column.
CREATE VIRTUAL TABLE search_tickets USING fts5 (
  title, body, internal, acl,
  tokenize = 'unicode61 remove_diacritics 0'
);

CREATE VIRTUAL TABLE search_articles USING fts5 (
  title, body, acl,
  tokenize = 'unicode61 remove_diacritics 0'
);
