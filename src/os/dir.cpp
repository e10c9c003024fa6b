// os/dir.cpp — opendir/readdir (the directory fd is close-on-exec in glibc).
#include "os/dir.hpp"

#include <cerrno>
#include <dirent.h>
#include <sys/stat.h>

namespace fdsh::os {

Result<std::vector<std::string>> list_dir(const std::string& path) {
  DIR* d = ::opendir(path.empty() ? "." : path.c_str());
  if (!d) return unexpected(SysError{errno, path});
  std::vector<std::string> out;
  while (struct dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    out.push_back(std::move(n));
  }
  ::closedir(d);
  return out;
}

bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool path_exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace fdsh::os
