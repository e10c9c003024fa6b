// os/sys.cpp — small system wrappers.
#include "os/sys.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

namespace fdsh::os {

Result<std::string> current_dir() {
  std::string buf(PATH_MAX, '\0');
  for (;;) {
    if (::getcwd(buf.data(), buf.size())) {
      buf.resize(std::char_traits<char>::length(buf.c_str()));
      return buf;
    }
    if (errno != ERANGE) return unexpected(SysError{errno, "getcwd"});
    buf.resize(buf.size() * 2);
  }
}

Result<Unit> change_dir(const std::string& path) {
  if (::chdir(path.c_str()) < 0) return unexpected(SysError{errno, path});
  return Unit{};
}

std::optional<std::string> home_of(const std::string& user) {
  struct passwd* pw = user.empty() ? ::getpwuid(::getuid()) : ::getpwnam(user.c_str());
  if (!pw || !pw->pw_dir) return std::nullopt;
  return std::string(pw->pw_dir);
}

std::vector<std::string> startup_environment() {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) out.emplace_back(*e);
  return out;
}

ExecCheck check_executable(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) < 0) return ExecCheck::Missing;
  if (S_ISDIR(st.st_mode)) return ExecCheck::IsDirectory;
  if (::access(path.c_str(), X_OK) < 0 || !S_ISREG(st.st_mode)) return ExecCheck::NotExecutable;
  return ExecCheck::Ok;
}

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

bool looks_binary(const std::string& path) { return looks_binary(path.c_str()); }

bool looks_binary(const char* path) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[512];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  for (ssize_t i = 0; i < n; ++i) {
    if (buf[i] == '\n') return false;
    if (buf[i] == '\0') return true;
  }
  return false;
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

Result<std::string> private_temp_file(const std::string& text, const std::string& tmpdir) {
  std::string tmpl = (tmpdir.empty() ? std::string("/tmp") : tmpdir) + "/fdsh-fc-XXXXXX";
  int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) return unexpected(SysError{errno, tmpl});
  ::fchmod(fd, 0600);
  std::size_t off = 0;
  while (off < text.size()) {
    ssize_t w = ::write(fd, text.data() + off, text.size() - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      ::unlink(tmpl.c_str());
      return unexpected(SysError{e, tmpl});
    }
    off += static_cast<std::size_t>(w);
  }
  ::close(fd);
  return tmpl;
}

void remove_file(const std::string& path) { ::unlink(path.c_str()); }

Result<std::string> read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return unexpected(SysError{errno, path});
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return unexpected(SysError{e, path});
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

unsigned get_umask() {
  mode_t m = ::umask(0);
  ::umask(m);
  return m;
}

unsigned set_umask(unsigned mask) { return ::umask(static_cast<mode_t>(mask)); }

Times process_times() {
  struct tms t;
  ::times(&t);
  double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return Times{t.tms_utime / hz, t.tms_stime / hz, t.tms_cutime / hz, t.tms_cstime / hz};
}

double now_seconds() {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

double monotonic_seconds() {
  struct timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

unsigned uid() { return ::getuid(); }
unsigned euid() { return ::geteuid(); }

Result<Limit> get_limit(int resource, bool hard) {
  struct rlimit rl;
  if (::getrlimit(resource, &rl) < 0) return unexpected(SysError{errno, "getrlimit"});
  rlim_t v = hard ? rl.rlim_max : rl.rlim_cur;
  return Limit{v == RLIM_INFINITY, static_cast<unsigned long long>(v)};
}

Result<Unit> set_limit(int resource, bool hard, bool unlimited, unsigned long long value) {
  struct rlimit rl;
  if (::getrlimit(resource, &rl) < 0) return unexpected(SysError{errno, "getrlimit"});
  rlim_t v = unlimited ? RLIM_INFINITY : static_cast<rlim_t>(value);
  if (hard) rl.rlim_max = v;
  else rl.rlim_cur = v;
  if (::setrlimit(resource, &rl) < 0) return unexpected(SysError{errno, "setrlimit"});
  return Unit{};
}

Result<Unit> set_limits(int resource, bool soft, bool hard, bool unlimited, unsigned long long value) {
  struct rlimit rl;
  if (::getrlimit(resource, &rl) < 0) return unexpected(SysError{errno, "getrlimit"});
  rlim_t v = unlimited ? RLIM_INFINITY : static_cast<rlim_t>(value);
  if (soft) rl.rlim_cur = v;
  if (hard) rl.rlim_max = v;
  if (::setrlimit(resource, &rl) < 0) return unexpected(SysError{errno, "setrlimit"});
  return Unit{};
}

std::string host_name() {
  char buf[256];
  if (::gethostname(buf, sizeof buf) < 0) return "localhost";
  buf[sizeof buf - 1] = 0;
  return buf;
}

unsigned random_seed() {
  unsigned v = 0;
  if (::getrandom(&v, sizeof v, GRND_NONBLOCK) != sizeof v) v = static_cast<unsigned>(::getpid()) ^ static_cast<unsigned>(::time(nullptr));
  return v;
}

std::vector<int> open_fds() {
  std::vector<int> out;
  DIR* d = ::opendir("/proc/self/fd");
  if (!d) return out;
  int self = ::dirfd(d);
  while (struct dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    int fd = std::atoi(e->d_name);
    if (fd != self) out.push_back(fd);
  }
  ::closedir(d);
  return out;
}

int count_open_fds() { return static_cast<int>(open_fds().size()); }

namespace {

/// A directory the effective user owns and no one else may write.
bool private_dir(const std::string& dir) {
  struct stat st;
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() &&
         (st.st_mode & 022) == 0;
}

/// Reads a token file that only its owner, the effective user, can read or write.
std::optional<std::string> read_secret(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st;
  char buf[129];
  ssize_t n = -1;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 077) == 0)
    n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n < 32) return std::nullopt;
  std::string s(buf, static_cast<std::size_t>(n));
  while (!s.empty() && s.back() == '\n') s.pop_back();
  if (s.size() < 32 || s.find_first_not_of("0123456789abcdef") != std::string::npos) return std::nullopt;
  return s;
}

}  // namespace

std::optional<std::string> user_secret(bool create) {
  struct passwd* pw = ::getpwuid(::geteuid());
  if (!pw || !pw->pw_dir || pw->pw_dir[0] != '/') return std::nullopt;
  std::string dir = std::string(pw->pw_dir) + "/.cache";
  if (create) (void)::mkdir(dir.c_str(), 0700);
  dir += "/fdsh";
  if (create) (void)::mkdir(dir.c_str(), 0700);
  if (!private_dir(dir)) return std::nullopt;
  std::string path = dir + "/function-token";
  if (auto s = read_secret(path)) return s;
  if (!create) return std::nullopt;
  unsigned char raw[16];
  if (::getrandom(raw, sizeof raw, 0) != static_cast<ssize_t>(sizeof raw)) return std::nullopt;
  static const char* const hex = "0123456789abcdef";
  std::string token;
  for (unsigned char b : raw) {
    token += hex[b >> 4];
    token += hex[b & 15];
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return read_secret(path);  // made by another shell meanwhile
  std::string line = token + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!ok) return std::nullopt;
  return read_secret(path);
}

}  // namespace fdsh::os
