// The transaction boundary every service uses. A capability declares the repositories it needs as a
// `Tx` interface (e.g. ticket::TicketTx); a storage backend implements TxRunner<ThatTx>.
//
// read(fn) runs fn without changing anything. Every statement in it sees all that was committed before
// the statement ran; whether several statements share one snapshot is up to the backend (SQLite: yes;
// PostgreSQL: no, to save round trips), so a read that must be consistent across statements, or that
// decides a write, belongs in write(fn). write(fn) runs fn inside a write transaction and
// returns only after the transaction is durable on disk; if fn returns an error, everything fn wrote
// is rolled back and that error is returned. Backends may batch concurrent writes into one commit
// (group commit); each fn still succeeds or fails on its own.
//
// Thread-safe: read() and write() may be called from any number of threads at once. fn must not call
// read() or write() on the same runner (it already has a transaction: use the Tx it is given).
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "common/error.h"
#include "common/function_ref.h"

namespace techdesk {

template <class Tx>
class TxRunner {
 public:
  virtual ~TxRunner() = default;

  template <class F>
  auto read(F&& fn) -> std::invoke_result_t<F&, Tx&> {
    using R = std::invoke_result_t<F&, Tx&>;
    std::optional<R> out;
    Result<void> ran = run_read([&](Tx& tx) { out.emplace(fn(tx)); });
    if (!ran.ok()) return ran.release_error();
    return std::move(*out);
  }

  template <class F>
  auto write(F&& fn) -> std::invoke_result_t<F&, Tx&> {
    using R = std::invoke_result_t<F&, Tx&>;
    std::optional<R> out;
    Result<void> committed = run_write([&](Tx& tx) -> bool {
      out.emplace(fn(tx));
      return out->ok();
    });
    if (!committed.ok()) return committed.release_error();
    return std::move(*out);
  }

 protected:
  // Runs body in a read transaction. Fails only when the store itself fails.
  virtual Result<void> run_read(FunctionRef<void(Tx&)> body) = 0;
  // Runs body in a write transaction; body returns false to have its writes rolled back.
  // Returns an error when the transaction could not be committed durably.
  virtual Result<void> run_write(FunctionRef<bool(Tx&)> body) = 0;
};

}  // namespace techdesk
