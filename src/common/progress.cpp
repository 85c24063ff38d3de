#include "common/progress.h"

#include <unistd.h>

#include <cstdio>

namespace techdesk {

ProgressBar::ProgressBar(std::string label, std::size_t total, bool enabled)
    : m_label(std::move(label)),
      m_total(total ? total : 1),
      m_enabled(enabled),
      m_tty(isatty(STDERR_FILENO) != 0) {
  if (m_enabled) draw();
}

ProgressBar::~ProgressBar() {
  if (m_enabled && m_tty) std::fputc('\n', stderr);
}

void ProgressBar::advance(std::size_t n) {
  m_done += n;
  if (m_done > m_total) m_done = m_total;
  if (!m_enabled) return;
  std::size_t tenth = m_done * 10 / m_total;
  if (m_tty || tenth != m_last_tenth) draw();
  m_last_tenth = tenth;
}

void ProgressBar::draw() {
  constexpr int k_width = 30;
  int filled = static_cast<int>(m_done * k_width / m_total);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(k_width - filled), '-');
  std::fprintf(stderr, m_tty ? "\r%-10s [%s] %zu/%zu" : "%-10s [%s] %zu/%zu\n", m_label.c_str(), bar.c_str(),
               m_done, m_total);
  std::fflush(stderr);
}

}  // namespace techdesk
