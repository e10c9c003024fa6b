// builtins/opts.cpp — see opts.hpp.
#include "builtins/opts.hpp"

#include <cerrno>
#include <cstdlib>

#include "exec/shell.hpp"

namespace fdsh::builtins {

OptParser::OptParser(exec::BuiltinContext& cx, const std::vector<std::string>& argv, std::string_view spec)
    : cx_(cx), argv_(argv), spec_(spec) {}

char OptParser::next() {
  arg_.clear();
  if (pos_ == 0) {
    if (index_ >= argv_.size()) return 0;
    const std::string& w = argv_[index_];
    if (w == "--") {
      ++index_;
      return 0;
    }
    if (w.size() < 2 || w[0] != '-') return 0;
    pos_ = 1;
  }
  const std::string& w = argv_[index_];
  char c = w[pos_++];
  std::size_t at = spec_.find(c);
  const std::string& name = argv_[0];
  if (c == ':' || at == std::string_view::npos) {
    cx_.error(name + ": -" + std::string(1, c) + ": invalid option");
    return '?';
  }
  bool takes = at + 1 < spec_.size() && spec_[at + 1] == ':';
  if (takes) {
    if (pos_ < w.size()) {
      arg_ = w.substr(pos_);  // -n2
    } else if (index_ + 1 < argv_.size()) {
      arg_ = argv_[++index_];  // -n 2
    } else {
      cx_.error(name + ": -" + std::string(1, c) + ": option requires an argument");
      return '?';
    }
    pos_ = w.size();
  }
  if (pos_ >= w.size()) {
    pos_ = 0;
    ++index_;
  }
  return c;
}

std::optional<long> OptParser::number(long min, long max, std::string_view what) const {
  const char* s = arg_.c_str();
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s, &end, 10);
  if (arg_.empty() || *end || errno == ERANGE || v < min || v > max) {
    cx_.error(argv_[0] + ": " + arg_ + ": " + std::string(what));
    return std::nullopt;
  }
  return v;
}

std::optional<int> OptParser::fd() const {
  auto v = number(0, 1 << 20, "invalid file descriptor specification");
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace fdsh::builtins
