// Versioned schema migrations for SQLite. Each migration runs once, in its own transaction, in
// version order; applied versions are recorded in schema_migrations.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/migration.h"

namespace techdesk::storage::sqlite {

class Database;
using storage::Migration;

// The migrations compiled into the binary (from src/storage/migrations/sqlite/*.sql).
std::span<const Migration> sqlite_migrations();

// Applies what is missing; returns the names of the migrations applied now.
// Fails (and applies nothing more) when a migration fails or the database is newer than this binary.
Result<std::vector<std::string>> migrate(Database& db, std::span<const Migration> migrations);

}  // namespace techdesk::storage::sqlite
