#include "HtpasswdFile.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

void HtpasswdFile::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read htpasswd file " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t first = line.find(':');
    const size_t second = first == std::string::npos ? first : line.find(':', first + 1);
    const std::string where = path + ":" + std::to_string(number);
    if (first == std::string::npos || first == 0) throw std::runtime_error(where + ": expected user:hash");
    User user{line.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1), {}};
    if (user.hash.rfind("pbkdf2-sha256$", 0) != 0)
      throw std::runtime_error(where + ": only pbkdf2-sha256 hashes are supported");
    if (second != std::string::npos) {
      std::istringstream scopes(line.substr(second + 1));
      for (std::string s; std::getline(scopes, s, ',');)
        if (!s.empty()) user.scopes.push_back(s);
    }
    users_[line.substr(0, first)] = std::move(user);
  }
}

const HtpasswdFile::User* HtpasswdFile::find(const std::string& name) const {
  auto it = users_.find(name);
  return it == users_.end() ? nullptr : &it->second;
}
