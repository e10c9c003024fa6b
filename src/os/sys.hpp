// os/sys.hpp — the rest of the system interface the shell needs: working directory,
// users, the environment at startup, PATH search, times, umask, limits, clocks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace fdsh::os {

/// The process's working directory (getcwd), or an error.
Result<std::string> current_dir();
/// chdir().
Result<Unit> change_dir(const std::string& path);
/// Home directory of `user` (empty = the current user), from the password database.
std::optional<std::string> home_of(const std::string& user);
/// The environment fdsh was started with, as NAME=value strings.
std::vector<std::string> startup_environment();
/// Classification of a path for command execution.
enum class ExecCheck { Ok, Missing, NotExecutable, IsDirectory };
/// Checks whether `path` can be executed.
ExecCheck check_executable(const std::string& path);
/// True if `path` is an existing regular file with execute permission.
bool is_executable_file(const std::string& path);
/// True if the file starts like a binary (a NUL in its first line) — refuse to run it as a script.
bool looks_binary(const std::string& path);
/// The same, without allocating (safe between vfork and exec).
bool looks_binary(const char* path);
/// True if both paths name the same file (device and inode).
bool same_file(const std::string& a, const std::string& b);
/// Creates a file only the user can read (mode 0600, O_EXCL) in $TMPDIR or /tmp holding
/// `text`; returns its path.
Result<std::string> private_temp_file(const std::string& text, const std::string& tmpdir);
/// unlink().
void remove_file(const std::string& path);
/// Reads a whole file.
Result<std::string> read_file(const std::string& path);
/// Current umask.
unsigned get_umask();
/// Sets the umask; returns the old one.
unsigned set_umask(unsigned mask);
/// Process times in clock ticks: user, system, children user, children system; and ticks per second.
struct Times {
  double user, sys, cuser, csys;
};
Times process_times();
/// Seconds since the epoch with microseconds.
double now_seconds();
/// Monotonic seconds.
double monotonic_seconds();
/// Real and effective user ids.
unsigned uid();
unsigned euid();
/// Resource limits: get/set soft or hard; `resource` is an RLIMIT_* value.
struct Limit {
  bool unlimited;
  unsigned long long value;
};
Result<Limit> get_limit(int resource, bool hard);
Result<Unit> set_limit(int resource, bool hard, bool unlimited, unsigned long long value);
/// Sets the soft and/or hard limit in one call.
Result<Unit> set_limits(int resource, bool soft, bool hard, bool unlimited, unsigned long long value);
/// Host name.
std::string host_name();
/// A random 32-bit value from the kernel (seeds RANDOM).
unsigned random_seed();
/// The effective user's secret that vouches for functions passed with export -f: a 0600
/// regular file owned by that user in ~/.cache/fdsh (the home directory from the password
/// database, never $HOME), in a directory no one else can write. With `create`, a missing
/// one is made (32 random hex digits). Nothing when it is missing or cannot be trusted.
std::optional<std::string> user_secret(bool create);
/// Number of open fds at or above `from` (for leak checks).
int count_open_fds();
/// Lists fds open in this process (from /proc/self/fd).
std::vector<int> open_fds();

}  // namespace fdsh::os
