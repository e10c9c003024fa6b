// A child process for the hygiene tests. Without arguments it prints the fds it inherited
// ("0 1 2"); with `--clean CMD ARGS...` it closes every fd above 2 and runs CMD, so that the
// shell under test starts with only 0-2 open.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

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

int main(int argc, char** argv) {
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
