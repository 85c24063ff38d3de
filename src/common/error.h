// Errors as values. Every fallible operation in TechDesk returns Result<T>, which holds either a
// value or an Error: a typed code, a human message, and the request field at fault (if any).
// The HTTP status for each code is chosen in one table, http/error_map.cpp, and nowhere else.
#pragma once

#include <string>
#include <system_error>
#include <utility>
#include <variant>

namespace techdesk {

enum class Errc {
  ok = 0,
  bad_request,
  invalid_json,
  missing_field,
  invalid_field,
  unknown_field,
  invalid_query,
  unauthenticated,
  invalid_credentials,
  forbidden,
  csrf_failed,
  not_found,
  method_not_allowed,
  invalid_transition,
  conflict,
  payload_too_large,
  unsupported_media_type,
  account_locked,
  expired,  // a link or token that was valid once (a survey link after its deadline)
  unavailable,
  internal,
};

// The wire name of a code, e.g. "invalid_field".
const char* errc_name(Errc code);

const std::error_category& techdesk_category();
inline std::error_code make_error_code(Errc e) {
  return {static_cast<int>(e), techdesk_category()};
}

struct [[nodiscard]] Error {
  Errc code = Errc::internal;
  std::string message;
  std::string field;  // empty when no single field is at fault

  static Error invalid_json(std::string msg) { return {Errc::invalid_json, std::move(msg), {}}; }
  static Error missing(std::string field) {
    return {Errc::missing_field, field + " is required", std::move(field)};
  }
  static Error invalid(std::string field, std::string msg) {
    return {Errc::invalid_field, std::move(msg), std::move(field)};
  }
  static Error unknown_field(std::string field) {
    return {Errc::unknown_field, "unknown field " + field, std::move(field)};
  }
  static Error invalid_query(std::string field, std::string msg) {
    return {Errc::invalid_query, std::move(msg), std::move(field)};
  }
  static Error unauthenticated() { return {Errc::unauthenticated, "authentication required", {}}; }
  static Error forbidden(std::string msg = "not allowed") { return {Errc::forbidden, std::move(msg), {}}; }
  static Error not_found(std::string what) { return {Errc::not_found, std::move(what) + " not found", {}}; }
  static Error conflict(std::string msg, std::string field = {}) {
    return {Errc::conflict, std::move(msg), std::move(field)};
  }
  static Error expired(std::string msg) { return {Errc::expired, std::move(msg), {}}; }
  static Error internal(std::string msg) { return {Errc::internal, std::move(msg), {}}; }
};

// Result<T>: a value or an Error. Result<void> carries only success or an Error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<0>(m_v); }
  const T& value() const& { return std::get<0>(m_v); }
  T value() && { return std::get<0>(std::move(m_v)); }  // by value: safe in range-for over a temporary
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  // REQUIRES: !ok()
  const Error& error() const& { return std::get<1>(m_v); }
  Error&& error() && { return std::get<1>(std::move(m_v)); }

  T release_value() { return std::get<0>(std::move(m_v)); }
  Error release_error() { return std::get<1>(std::move(m_v)); }

 private:
  std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT

  bool ok() const { return !m_failed; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return m_error; }
  Error release_error() { return std::move(m_error); }
  void release_value() {}

 private:
  Error m_error;
  bool m_failed = false;
};

inline Result<void> ok() {
  return {};
}

}  // namespace techdesk

template <>
struct std::is_error_code_enum<techdesk::Errc> : std::true_type {};

// TD_TRY(expr): evaluates a Result; on error returns the Error from the enclosing function,
// otherwise yields the value (as in Ladybird's TRY).
#define TD_TRY(expr)                                         \
  ({                                                         \
    auto _td_result = (expr);                                \
    if (!_td_result.ok()) return _td_result.release_error(); \
    _td_result.release_value();                              \
  })
