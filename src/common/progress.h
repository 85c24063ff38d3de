// A progress bar for long command-line work, drawn on stderr:
//   tickets  [##############------------]  120/200
// On a terminal it redraws in place; otherwise it prints a line at every tenth. Not thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace techdesk {

class ProgressBar {
 public:
  ProgressBar(std::string label, std::size_t total, bool enabled = true);
  ~ProgressBar();  // finishes the line
  void advance(std::size_t n = 1);

 private:
  void draw();
  std::string m_label;
  std::size_t m_total;
  std::size_t m_done = 0;
  std::size_t m_last_tenth = 0;
  bool m_enabled;
  bool m_tty;
};

}  // namespace techdesk
