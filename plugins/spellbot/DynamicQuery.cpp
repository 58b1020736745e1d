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
  std::vector<apiary_value> raw;
  raw.reserve(params_.size());
  for (const auto& v : params_) raw.push_back(v.raw());
  apiary::detail::ErrorBuffer err;
  apiary_db_result* result = nullptr;
  const int32_t rc = apiary::host().db_execute(ctx, nullptr, apiary::toStr(sql_), raw.data(),
                                               raw.size(), &result, err.get());
  if (rc != APIARY_DB_OK) throw apiary::DbError(rc, err.message());
  return apiary::ResultSet(result);
}

}  // namespace spellbot
