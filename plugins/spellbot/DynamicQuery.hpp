// Builds a statement whose parameter count is known only at run time (IN lists, optional
// filters); run() hands it to the SDK's Database::execute(sql, std::vector<Value>).
#pragma once

#include <apiary/database.hpp>

#include <string>
#include <vector>

namespace spellbot {

class DynamicQuery {
 public:
  DynamicQuery& sql(std::string_view text) {
    sql_ += text;
    return *this;
  }
  DynamicQuery& bind(apiary::Value value) {
    params_.push_back(std::move(value));
    return *this;
  }
  // Appends "(?, ?, ...)" and binds every value.
  DynamicQuery& inList(const std::vector<int64_t>& values);
  const std::string& text() const { return sql_; }

  apiary::ResultSet run(apiary_plugin_ctx* ctx) const;

 private:
  std::string sql_;
  std::vector<apiary::Value> params_;
};

}  // namespace spellbot
