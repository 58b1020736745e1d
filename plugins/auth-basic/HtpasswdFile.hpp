// Users in a file, one per line: `user:pbkdf2-sha256$iterations$salt$hash[:scope,scope]`
// ('#' comments). Make a hash with `apiary user hash` or apiary/password_hash.hpp.
#pragma once

#include <map>
#include <string>
#include <vector>

class HtpasswdFile {
 public:
  struct User {
    std::string hash;
    std::vector<std::string> scopes;
  };
  // Throws std::runtime_error naming the file and line.
  void load(const std::string& path);
  const User* find(const std::string& name) const;
  size_t size() const { return users_.size(); }

 private:
  std::map<std::string, User> users_;
};
