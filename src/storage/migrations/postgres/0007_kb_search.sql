-- Knowledge base (知识库) and search (see src/kb/ and src/search/).
--
-- Articles: title and body are versioned (kb_versions); category, visibility and tags belong to the
-- article. Readers see the published version; editors see the latest. The search index keeps our own
-- tokens (search/tokenizer.h) as tsvectors written literally, so PostgreSQL's parser never re-cuts them:
-- tsv_public (title weight A, replies) for requesters, tsv_all (plus internal notes, weight C) for staff.

CREATE TABLE kb_articles (
  id                 bigserial PRIMARY KEY,
  title              text NOT NULL,
  body               text NOT NULL,
  category_id        bigint REFERENCES categories (id),
  visibility         text NOT NULL CHECK (visibility IN ('internal', 'public')),
  state              text NOT NULL CHECK (state IN ('draft', 'review', 'published', 'archived')),
  version            integer NOT NULL,
  published_version  integer,
  author_id          bigint NOT NULL REFERENCES users (id),
  reviewer_id        bigint REFERENCES users (id),
  review_note        text NOT NULL DEFAULT '',
  source_ticket_id   bigint REFERENCES tickets (id),
  views              bigint NOT NULL DEFAULT 0,
  helpful            bigint NOT NULL DEFAULT 0,
  not_helpful        bigint NOT NULL DEFAULT 0,
  created_at         bigint NOT NULL,
  updated_at         bigint NOT NULL,
  published_at       bigint
);
CREATE INDEX kb_articles_state ON kb_articles (state, updated_at);

CREATE TABLE kb_versions (
  article_id  bigint NOT NULL REFERENCES kb_articles (id),
  version     integer NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  author_id   bigint NOT NULL REFERENCES users (id),
  note        text NOT NULL DEFAULT '',
  created_at  bigint NOT NULL,
  PRIMARY KEY (article_id, version)
);

CREATE TABLE kb_tags (
  article_id  bigint NOT NULL REFERENCES kb_articles (id),
  tag         text NOT NULL,
  PRIMARY KEY (article_id, tag)
);
CREATE INDEX kb_tags_tag ON kb_tags (tag);

CREATE TABLE kb_ticket_links (
  article_id  bigint NOT NULL REFERENCES kb_articles (id),
  ticket_id   bigint NOT NULL REFERENCES tickets (id),
  created_by  bigint REFERENCES users (id),
  created_at  bigint NOT NULL,
  PRIMARY KEY (article_id, ticket_id)
);
CREATE INDEX kb_ticket_links_ticket ON kb_ticket_links (ticket_id);

CREATE TABLE kb_feedback (
  article_id  bigint NOT NULL REFERENCES kb_articles (id),
  user_id     bigint NOT NULL REFERENCES users (id),
  helpful     boolean NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (article_id, user_id)
);

CREATE TABLE kb_deflections (
  id          bigserial PRIMARY KEY,
  article_id  bigint NOT NULL REFERENCES kb_articles (id),
  user_id     bigint REFERENCES users (id),
  query       text NOT NULL,
  created_at  bigint NOT NULL
);
CREATE INDEX kb_deflections_article ON kb_deflections (article_id, created_at);

CREATE TABLE attachment_blobs (
  sha256  text PRIMARY KEY,
  size    bigint NOT NULL,
  data    bytea NOT NULL
);

CREATE TABLE kb_attachments (
  id            bigserial PRIMARY KEY,
  article_id    bigint NOT NULL REFERENCES kb_articles (id),
  filename      text NOT NULL,
  content_type  text NOT NULL,
  size          bigint NOT NULL,
  sha256        text NOT NULL REFERENCES attachment_blobs (sha256),
  created_by    bigint REFERENCES users (id),
  created_at    bigint NOT NULL
);
CREATE INDEX kb_attachments_article ON kb_attachments (article_id);

CREATE TABLE search_docs (
  kind          smallint NOT NULL,
  ref_id        bigint NOT NULL,
  org_id        bigint,
  audience      text NOT NULL,
  solved        boolean NOT NULL,
  updated_at    bigint NOT NULL,
  tsv_public    tsvector NOT NULL,
  tsv_all       tsvector NOT NULL,
  PRIMARY KEY (kind, ref_id)
);
CREATE INDEX search_docs_public ON search_docs USING gin (tsv_public);
CREATE INDEX search_docs_all ON search_docs USING gin (tsv_all);
