// Parse times of the inbound mail parser (`bash bench/mail.sh` runs it): typical messages from the
// fixture corpus, and encoded-word floods of growing size — doubling the flood must at most triple the
// time (the bound), which the BigO fit and the per-size times show.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "channel/email/mime_parser.h"

namespace {

using techdesk::email::parse_mail;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string flood(int words) {
  std::string subject;
  for (int i = 0; i < words; ++i)
    subject += (i ? "\r\n =?utf-8?B?5omT?=" : "=?utf-8?B?5omT?=");
  return "From: a@b.cn\r\nSubject: " + subject + "\r\nMessage-ID: <f@b.cn>\r\n\r\nbody\r\n";
}

void encoded_word_flood(benchmark::State& state) {
  const std::string raw = flood(static_cast<int>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(parse_mail(raw));
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(encoded_word_flood)->RangeMultiplier(2)->Range(1 << 10, 1 << 16)->Complexity();

void corpus_message(benchmark::State& state, const char* file) {
  const std::string raw = slurp(std::filesystem::path(TECHDESK_MAIL_CORPUS) / "corpus" / file);
  for (auto _ : state)
    benchmark::DoNotOptimize(parse_mail(raw));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}
BENCHMARK_CAPTURE(corpus_message, outlook_chinese, "083-outlook-chinese-reply.eml");
BENCHMARK_CAPTURE(corpus_message, html_with_cid_images, "070-related-inline-cid-images.eml");
BENCHMARK_CAPTURE(corpus_message, thirty_attachments, "160-thirty-chinese-attachments.eml");

}  // namespace

BENCHMARK_MAIN();
