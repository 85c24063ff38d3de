#include "common/error.h"

namespace techdesk {

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::ok:
      return "ok";
    case Errc::bad_request:
      return "bad_request";
    case Errc::invalid_json:
      return "invalid_json";
    case Errc::missing_field:
      return "missing_field";
    case Errc::invalid_field:
      return "invalid_field";
    case Errc::unknown_field:
      return "unknown_field";
    case Errc::invalid_query:
      return "invalid_query";
    case Errc::unauthenticated:
      return "unauthenticated";
    case Errc::invalid_credentials:
      return "invalid_credentials";
    case Errc::forbidden:
      return "forbidden";
    case Errc::csrf_failed:
      return "csrf_failed";
    case Errc::not_found:
      return "not_found";
    case Errc::method_not_allowed:
      return "method_not_allowed";
    case Errc::invalid_transition:
      return "invalid_transition";
    case Errc::conflict:
      return "conflict";
    case Errc::payload_too_large:
      return "payload_too_large";
    case Errc::unsupported_media_type:
      return "unsupported_media_type";
    case Errc::account_locked:
      return "account_locked";
    case Errc::expired:
      return "expired";
    case Errc::unavailable:
      return "unavailable";
    case Errc::internal:
      return "internal";
  }
  return "internal";
}

namespace {
class TechdeskCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "techdesk"; }
  std::string message(int ev) const override { return errc_name(static_cast<Errc>(ev)); }
};
}  // namespace

const std::error_category& techdesk_category() {
  static const TechdeskCategory k_category;
  return k_category;
}

}  // namespace techdesk
