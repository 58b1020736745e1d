#include "StaticTokenFile.hpp"

#include <apiary/password_hash.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

void StaticTokenFile::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read tokens file " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream fields(line);
    std::string token, scopes, note;
    if (!(fields >> token)) continue;  // blank or comment
    if (!(fields >> scopes))
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected <token> <scopes>");
    std::getline(fields >> std::ws, note);
    if (token.size() < 16)
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": token shorter than 16 characters");
    Entry entry{note.empty() ? "file:" + std::to_string(number) : note, {}};
    std::istringstream list(scopes);
    for (std::string scope; std::getline(list, scope, ',');)
      if (!scope.empty()) entry.scopes.push_back(scope);
    byDigest_[apiary::password_hash::sha256Hex(token)] = std::move(entry);
  }
}

const StaticTokenFile::Entry* StaticTokenFile::find(const std::string& token) const {
  if (byDigest_.empty()) return nullptr;  // no file: skip hashing the token for nothing
  auto it = byDigest_.find(apiary::password_hash::sha256Hex(token));
  return it == byDigest_.end() ? nullptr : &it->second;
}
