#include "DynamicQuery.hpp"

namespace spellbot {

DynamicQuery& DynamicQuery::inList(const std::vector<int64_t>& values) {
  sql_ += '(';
  for (size_t i = 0; i < values.size(); ++i) {
    sql_ += i == 0 ? "?" : ", ?";
    params_.emplace_back(values[i]);
  }
  sql_ += ')';
  return *this;
}

apiary::ResultSet DynamicQuery::run(apiary_plugin_ctx* ctx) const {
  return apiary::Database(ctx).execute(sql_, params_);
}

}  // namespace spellbot
