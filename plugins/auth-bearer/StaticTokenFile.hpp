// Operator-managed tokens in a file, one per line: `<token> <scope,scope|*> [note...]`; '#'
// starts a comment. Kept in memory only as SHA-256 digests; looked up by digest.
#pragma once

#include <map>
#include <string>
#include <vector>

class StaticTokenFile {
 public:
  struct Entry {
    std::string name;  // "file:<line>" or the note
    std::vector<std::string> scopes;
  };

  // Throws std::runtime_error naming the file and line on a malformed file.
  void load(const std::string& path);
  const Entry* find(const std::string& token) const;
  size_t size() const { return byDigest_.size(); }

 private:
  std::map<std::string, Entry> byDigest_;
};
