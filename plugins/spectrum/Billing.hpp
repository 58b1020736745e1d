// Billing figures for dedicated lines, computed rather than faked: the quantity is the project's
// count of active iMessage lines after the change, the proration is the configured monthly
// price for the rest of the current UTC calendar month (positive when a line is added, a credit
// (negative) when one is removed), in cents, as Stripe would invoice it.
#pragma once

#include "Envelope.hpp"

#include <cstdint>

namespace spectrum {

class Billing {
 public:
  explicit Billing(int64_t linePriceCents) : linePriceCents_(linePriceCents) {}

  // {"quantity": quantityAfter, "prorationAmount": delta * price * remaining fraction}
  Json figures(int64_t quantityAfter, int delta, int64_t nowMs) const;
  int64_t prorationCents(int delta, int64_t nowMs) const;

 private:
  int64_t linePriceCents_;
};

}  // namespace spectrum
