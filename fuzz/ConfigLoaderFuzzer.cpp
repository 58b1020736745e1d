// The host's ConfigLoader on fuzzed configuration text: the input is the main apiary.json,
// optionally followed by conf.d files, each after a line "--- conf.d" (merged in lexical order
// as the daemon merges them). Files go to a private temporary directory. Any rejection must be
// ConfigLoader::Invalid with at least one problem; another exception, a crash or a sanitizer
// report is a finding.
#include <ConfigLoader.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace {

namespace fs = std::filesystem;

const fs::path& directory() {
  static const fs::path dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "apiary-config-fuzz-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(directory(), ignored);
    });
    return fs::path(tmpl);
  }();
  return dir;
}

void write(const fs::path& file, std::string_view text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path& dir = directory();
  const fs::path confd = dir / "conf.d";
  std::error_code ignored;
  fs::remove_all(confd, ignored);

  static constexpr std::string_view kSeparator = "\n--- conf.d\n";
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t cut = in.find(kSeparator);
  write(dir / "apiary.json", in.substr(0, cut));
  for (int n = 10; cut != std::string_view::npos && n < 20; ++n) {
    in.remove_prefix(cut + kSeparator.size());
    cut = in.find(kSeparator);
    fs::create_directories(confd);
    write(confd / (std::to_string(n) + ".json"), in.substr(0, cut));
  }

  for (const bool insecure : {false, true}) {
    try {
      const apiary::HostConfig config =
          apiary::ConfigLoader::load((dir / "apiary.json").string(), insecure);
      for (const auto& plugin : config.plugins)
        if (plugin.name.empty()) finding("accepted a plugin without a name");
    } catch (const apiary::ConfigLoader::Invalid& e) {
      if (e.problems().empty()) finding("Invalid without a problem");
    } catch (const std::exception& e) {
      finding(std::string("ConfigLoader threw something other than Invalid: ") + e.what());
    }
  }
  return 0;
}
