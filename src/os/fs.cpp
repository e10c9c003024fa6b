// os/fs.cpp — stat and access wrappers.
#include "os/fs.hpp"

#include <unistd.h>

namespace fdsh::os {

std::optional<struct stat> stat_path(const std::string& path) {
  struct stat st;
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st;
}

std::optional<struct stat> lstat_path(const std::string& path) {
  struct stat st;
  if (path.empty() || ::lstat(path.c_str(), &st) != 0) return std::nullopt;
  return st;
}

bool can_access(const std::string& path, int mode) { return !path.empty() && ::eaccess(path.c_str(), mode) == 0; }

unsigned effective_uid() { return ::geteuid(); }
unsigned effective_gid() { return ::getegid(); }

}  // namespace fdsh::os
