// os/fs.hpp — file tests for the test builtin: stat, lstat, access, terminal checks.
#pragma once

#include <optional>
#include <string>

#include <sys/stat.h>

namespace fdsh::os {

/// stat() following symlinks.
std::optional<struct stat> stat_path(const std::string& path);
/// lstat().
std::optional<struct stat> lstat_path(const std::string& path);
/// access() with R_OK / W_OK / X_OK (effective ids).
bool can_access(const std::string& path, int mode);
/// Effective user and group ids.
unsigned effective_uid();
unsigned effective_gid();

}  // namespace fdsh::os
