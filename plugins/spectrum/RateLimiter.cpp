#include "RateLimiter.hpp"

namespace spectrum {

bool RateLimiter::admit(std::string_view projectId) const {
  const int64_t now = clock_.wallMs();
  const int64_t window = now - now % 1000;
  const double overlap = 1.0 - static_cast<double>(now - window) / 1000.0;
  return db_.transaction([&](apiary::Transaction& tx) {
    const auto rows = tx.execute(
        "SELECT window_start, hits FROM spectrum_rate_windows WHERE project_id = ? AND "
        "window_start IN (?, ?)",
        {projectId, window - 1000, window});
    int64_t previous = 0, current = 0;
    for (size_t i = 0; i < rows.size(); ++i)
      (rows[i].int64(0) == window ? current : previous) = rows[i].int64(1);
    const double estimate = static_cast<double>(previous) * overlap + static_cast<double>(current);
    if (estimate + 1.0 > static_cast<double>(perSecond_) + 1e-9) return false;
    tx.execute(
        "INSERT INTO spectrum_rate_windows (project_id, window_start, hits) VALUES (?, ?, 1) "
        "ON CONFLICT (project_id, window_start) DO UPDATE SET "
        "hits = spectrum_rate_windows.hits + 1",
        {projectId, window});
    return true;
  });
}

void RateLimiter::sweep() const {
  db_.execute("DELETE FROM spectrum_rate_windows WHERE window_start < ?", {clock_.wallMs() - 5000});
}

}  // namespace spectrum
