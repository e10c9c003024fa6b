// os/dir.hpp — reading directories for pathname expansion.
#pragma once

#include <string>
#include <vector>

#include "util/result.hpp"

namespace fdsh::os {

/// Names in a directory, without "." and "..".
Result<std::vector<std::string>> list_dir(const std::string& path);
/// True if path is a directory (following symlinks).
bool is_directory(const std::string& path);
/// True if path exists (without following a final symlink).
bool path_exists(const std::string& path);

}  // namespace fdsh::os
