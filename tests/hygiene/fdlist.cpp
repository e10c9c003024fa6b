// A child process for the hygiene tests. Without arguments it prints the fds it inherited
// ("0 1 2"); with `--clean CMD ARGS...` it closes every fd above 2 and runs CMD, so that the
// shell under test starts with only 0-2 open; with `--report TAG` it appends one line to the
// file $FDLIST_LOG: TAG, then for each fd it inherited "fd=target(mode)" (tab-separated), for
// the tests that compare `fds --plan` with what a program really gets.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

static std::set<int> open_fds() {
  std::set<int> fds;
  DIR* d = opendir("/proc/self/fd");
  if (!d) return fds;
  int self = dirfd(d);
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    int fd = std::atoi(e->d_name);
    if (fd != self) fds.insert(fd);
  }
  closedir(d);
  return fds;
}

static void report(const char* tag) {
  std::string line = tag;
  for (int fd : open_fds()) {
    char target[4096];
    std::string link = "/proc/self/fd/" + std::to_string(fd);
    ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    if (n < 0) continue;
    target[n] = 0;
    int fl = fcntl(fd, F_GETFL);
    int acc = fl & O_ACCMODE;
    line += "\t" + std::to_string(fd) + "=" + target + "(" + (acc == O_RDONLY ? "r" : acc == O_WRONLY ? "w" : "rw") + ")";
  }
  line += "\n";
  const char* log = std::getenv("FDLIST_LOG");
  if (!log) return;
  int out = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (out < 0) return;
  if (write(out, line.data(), line.size()) < 0) std::perror("fdlist");
  close(out);
}

int main(int argc, char** argv) {
  if (argc > 2 && std::strcmp(argv[1], "--report") == 0) {
    report(argv[2]);
    return 0;
  }
  if (argc > 2 && std::strcmp(argv[1], "--clean") == 0) {
    for (int fd : open_fds())
      if (fd > 2) close(fd);
    execvp(argv[2], argv + 2);
    std::perror(argv[2]);
    return 127;
  }
  bool first = true;
  for (int fd : open_fds()) {
    std::printf("%s%d", first ? "" : " ", fd);
    first = false;
  }
  std::printf("\n");
  return 0;
}
