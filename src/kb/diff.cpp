#include "kb/diff.h"

#include <algorithm>
#include <cstdint>

namespace techdesk::kb {

namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find('\n', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view line = s.substr(i, j - i);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    i = j + 1;
  }
  return out;
}

constexpr std::size_t k_max_lines = 4000;

}  // namespace

const char* name(DiffOp op) {
  switch (op) {
    case DiffOp::equal:
      return "equal";
    case DiffOp::add:
      return "add";
    case DiffOp::del:
      return "del";
  }
  return "equal";
}

std::vector<DiffLine> diff_lines(std::string_view from, std::string_view to) {
  auto a = split_lines(from), b = split_lines(to);
  std::vector<DiffLine> out;
  // Common head and tail first: most edits touch a few lines.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head])
    ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
    ++tail;
  for (std::size_t i = 0; i < head; ++i)
    out.push_back({DiffOp::equal, std::string(a[i])});
  std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
  if (n > k_max_lines || m > k_max_lines) {
    for (std::size_t i = 0; i < n; ++i)
      out.push_back({DiffOp::del, std::string(a[head + i])});
    for (std::size_t j = 0; j < m; ++j)
      out.push_back({DiffOp::add, std::string(b[head + j])});
  } else {
    // lcs[i][j]: length of the LCS of a[head+i..] and b[head+j..].
    std::vector<std::uint16_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        out.push_back({DiffOp::equal, std::string(a[head + i])});
        ++i, ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        out.push_back({DiffOp::del, std::string(a[head + i])});
        ++i;
      } else {
        out.push_back({DiffOp::add, std::string(b[head + j])});
        ++j;
      }
    }
  }
  for (std::size_t k = tail; k > 0; --k)
    out.push_back({DiffOp::equal, std::string(a[a.size() - k])});
  return out;
}

}  // namespace techdesk::kb
