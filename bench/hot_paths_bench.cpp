// Micro-benchmarks of what every API request pays for: routing, query parsing, body parsing, the
// JSON encoding of a ticket, the credential digest, and the pure ticket rules.
#include <benchmark/benchmark.h>

#include "http/json_codec.h"
#include "http/request.h"
#include "http/router.h"
#include "identity/token.h"
#include "ticket/priority.h"
#include "ticket/state_machine.h"

namespace {

using namespace techdesk;

void BM_route_match_ticket_get(benchmark::State& state) {
  auto router = http::make_api_router();
  std::vector<std::string> params;
  const std::string path = "/api/v1/tickets/123456/events";
  for (auto _ : state)
    benchmark::DoNotOptimize(router.match(http::Method::get, path, params));
}
BENCHMARK(BM_route_match_ticket_get);

void BM_parse_list_target(benchmark::State& state) {
  const std::string target =
      "/api/v1/tickets?state=new,assigned&priority=P1,P2&assignee=me&sort=-updated_at&limit=50";
  for (auto _ : state) {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    benchmark::DoNotOptimize(http::parse_target(target, path, query));
  }
}
BENCHMARK(BM_parse_list_target);

void BM_parse_create_body(benchmark::State& state) {
  const std::string body =
      R"({"subject":"三楼财务部打印机卡纸无法打印","description":"惠普 LaserJet M403d 从上午开始频繁卡纸，已尝试重新装纸。","impact":"medium","urgency":"high","channel":"phone"})";
  for (auto _ : state) {
    auto r = http::BodyReader::parse(
        body, {"subject", "description", "type", "category_id", "impact", "urgency", "channel", "priority",
               "requester_id", "team_id", "assignee_id", "tier"});
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_parse_create_body);

void BM_encode_ticket(benchmark::State& state) {
  ticket::TicketView v;
  v.ticket.id = 123456;
  v.ticket.number = "20261121-0042";
  v.ticket.subject = "三楼财务部打印机卡纸无法打印";
  v.ticket.description = std::string(400, 'x');
  v.ticket.assignee_id = 7;
  v.ticket.team_id = 2;
  v.requester = {3, "孙丽"};
  v.assignee = ticket::NamedRef{7, "王芳"};
  v.team = ticket::NamedRef{2, "一线服务台"};
  for (auto _ : state)
    benchmark::DoNotOptimize(http::to_json(http::encode(v, v.ticket.updated_at)));
}
BENCHMARK(BM_encode_ticket);

void BM_token_digest(benchmark::State& state) {
  auto t = identity::issue_token(identity::k_session_prefix);
  for (auto _ : state)
    benchmark::DoNotOptimize(identity::token_digest(t.token));
}
BENCHMARK(BM_token_digest);

void BM_ticket_rules(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(ticket::priority_for(ticket::Level::high, ticket::Level::medium));
    benchmark::DoNotOptimize(ticket::check_transition(
        identity::Role::agent_l1, {ticket::State::in_progress, ticket::State::resolved, true, true}));
  }
}
BENCHMARK(BM_ticket_rules);

}  // namespace

BENCHMARK_MAIN();
