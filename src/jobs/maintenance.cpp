#include "jobs/maintenance.h"

#include <boost/json.hpp>

#include <thread>

namespace techdesk::jobs {

namespace json = boost::json;

namespace {

std::int64_t get_int(const json::object& o, const char* key, std::int64_t fallback) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64()) return fallback;
  return it->value().get_int64();
}

}  // namespace

Result<std::string> normalise_purge_payload(const std::string& payload) {
  boost::system::error_code ec;
  json::value v = json::parse(payload.empty() ? "{}" : payload, ec);
  if (ec || !v.is_object()) return Error::invalid("payload", "payload must be a JSON object");
  json::object out;
  for (const auto& kv : v.get_object()) {
    if (kv.key() != "batch" && kv.key() != "throttle_ms")
      return Error::unknown_field("payload." + std::string(kv.key()));
    if (!kv.value().is_int64() || kv.value().get_int64() < (kv.key() == "batch" ? 1 : 0) ||
        kv.value().get_int64() > 10000)
      return Error::invalid("payload." + std::string(kv.key()),
                            std::string(kv.key()) + " must be an integer from " +
                                (kv.key() == "batch" ? "1" : "0") + " to 10000");
    out[kv.key()] = kv.value();
  }
  return json::serialize(out);
}

JobHandler purge_handler(PurgeTargets targets) {
  return [targets = std::move(targets)](JobContext& ctx) -> Result<void> {
    boost::system::error_code ec;
    json::value v = json::parse(ctx.payload().empty() ? "{}" : ctx.payload(), ec);
    json::object state = (!ec && v.is_object()) ? v.get_object() : json::object{};
    const int batch = static_cast<int>(get_int(state, "batch", 500));
    const auto throttle = std::chrono::milliseconds(get_int(state, "throttle_ms", 0));
    for (;;) {
      int sessions = TD_TRY(targets.expired_sessions(batch));
      int keys = TD_TRY(targets.old_idempotency_keys(batch));
      state["sessions_deleted"] = get_int(state, "sessions_deleted", 0) + sessions;
      state["keys_deleted"] = get_int(state, "keys_deleted", 0) + keys;
      TD_TRY(ctx.checkpoint(json::serialize(state)));
      if (sessions < batch && keys < batch) return ok();
      if (throttle.count() > 0) std::this_thread::sleep_for(throttle);
    }
  };
}

}  // namespace techdesk::jobs
