// A readable line diff between two versions of an article. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace techdesk::kb {

enum class DiffOp { equal, add, del };
const char* name(DiffOp op);

struct DiffLine {
  DiffOp op = DiffOp::equal;
  std::string text;
};

// The shortest edit script of lines (longest common subsequence). Texts of more than 4,000 lines each
// are compared by their common head and tail only, the middle shown as removed and added.
std::vector<DiffLine> diff_lines(std::string_view from, std::string_view to);

}  // namespace techdesk::kb
