// Copying a whole TechDesk database to another one, of either backend (`techdesk migrate-data`).
//
// Both databases are first brought to this binary's schema by their own migrations. Then every row of
// every table is read from the source in one read snapshot, in foreign-key order and primary-key order,
// and written to the target with its primary key in batches, all inside ONE target transaction: either
// the whole copy commits or the target stays as it was. The target's seeded categories are replaced
// by the source's, its identity sequences (PostgreSQL) are moved past the copied ids, and its ticket
// numbering state is set so that the next ticket of each day continues after the copied ones.
//
// Afterwards each table is read back from the target and compared with what was read from the
// source: row count and a SHA-256 over a canonical text form of the rows in primary-key order, which
// is the same on both backends (integers in decimal, booleans as 0/1, blobs in hex, NULL distinct from
// every value).
//
// The function is not thread-safe with respect to other writers of the target: the target must not be
// in use while it runs (on PostgreSQL its tables are locked against writes for the duration).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"

namespace techdesk::storage {

// What was found for one table (or for the ticket numbering state, reported as "ticket_sequences"
// with one row per day).
struct TableCheck {
  std::string table;
  std::uint64_t source_rows = 0;
  std::uint64_t target_rows = 0;
  std::string source_checksum;  // hex SHA-256 of the canonical rows in primary-key order
  std::string target_checksum;
  bool matches() const { return source_rows == target_rows && source_checksum == target_checksum; }
};

struct CopyReport {
  std::vector<TableCheck> tables;           // in copy order
  std::chrono::milliseconds copy_time{};    // reading, writing and committing
  std::chrono::milliseconds verify_time{};  // reading the target back
  bool all_match() const;
};

// Called when a table starts (done == 0) and after each batch. Runs on the calling thread.
using CopyProgress = std::function<void(const std::string& table, std::uint64_t done, std::uint64_t total)>;

struct CopyOptions {
  std::size_t batch_rows = 1000;  // rows per read and per multi-row insert
  CopyProgress progress;          // may be empty
};

// Copies every row from the database at from_url to the one at to_url (URLs as in db_url.h).
// Errors, all before anything is written to the target unless said otherwise:
//   invalid_field "from"/"to": a malformed URL, a SQLite source file or target folder that does not
//                              exist, or both URLs naming the same database;
//   unavailable:               a database cannot be opened or reached;
//   conflict "to":             the target already holds data (users, organisations, tickets, ...);
//   internal:                  a migration failed (e.g. the source's schema is newer than this binary;
//                              migrations may have been applied to the databases before), or a
//                              statement of the copy failed (the target transaction is rolled back).
// A copy that commits but whose read-back differs is not an error: see CopyReport::all_match().
Result<CopyReport> copy_all_data(const std::string& from_url, const std::string& to_url,
                                 const CopyOptions& options = {});

}  // namespace techdesk::storage
