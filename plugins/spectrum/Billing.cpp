#include "Billing.hpp"

#include <chrono>
#include <cmath>

namespace spectrum {

int64_t Billing::prorationCents(int delta, int64_t nowMs) const {
  using namespace std::chrono;
  const sys_time<milliseconds> now{milliseconds(nowMs)};
  const year_month_day today{floor<days>(now)};
  const year_month month = today.year() / today.month();
  const sys_days start{month / 1};
  const sys_days end{(month + months(1)) / 1};
  const double total = static_cast<double>(duration_cast<milliseconds>(end - start).count());
  const double left = static_cast<double>(duration_cast<milliseconds>(end - now).count());
  const double amount = static_cast<double>(linePriceCents_) * left / total;
  return static_cast<int64_t>(std::llround(amount)) * delta;
}

Json Billing::figures(int64_t quantityAfter, int delta, int64_t nowMs) const {
  Json out = Json::object();
  out["quantity"] = quantityAfter;
  out["prorationAmount"] = prorationCents(delta, nowMs);
  return out;
}

}  // namespace spectrum
