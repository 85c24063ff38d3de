// Versioned schema migrations for PostgreSQL: each runs once, in its own transaction, in version
// order, while a session-level advisory lock keeps nodes that start together from racing.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/migration.h"
#include "storage/postgres/pg_connection.h"

namespace techdesk::storage::postgres {

using storage::Migration;

// The migrations compiled into the binary (from src/storage/migrations/postgres/*.sql).
std::span<const Migration> postgres_migrations();

// Applies what is missing; returns the names applied now. Fails when a migration fails, when the role
// lacks the rights to create the schema, or when the database is newer than this binary.
Result<std::vector<std::string>> migrate_postgres(PgConnection& c, std::span<const Migration> migrations);

}  // namespace techdesk::storage::postgres
