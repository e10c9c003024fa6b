// fdholder: a process holding one of each kind of open file, for the `fds` tests.
//   fdholder DIR
// creates, in order (so the fd numbers are fixed):
//   3  DIR/file.txt  read-write, append, 5 bytes written (offset 5)
//   4  the write end of a pipe whose read end is held by a child process (fd 4 there)
//   5  DIR/fifo      a FIFO opened read-write, non-blocking
//   6  a Unix stream socket listening on DIR/sock
//   7  the accepted side of a connection from the child (fd 3 there)
//   8  a TCP socket listening on 127.0.0.1 (ephemeral port), close-on-exec
// and maps DIR/mapped.bin (no fd kept). Then prints "READY <pid> <child pid> <port>" and
// waits until its stdin reaches EOF; the child exits with it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

static void die(const char* what) {
  std::perror(what);
  std::exit(1);
}

static void expect_fd(int got, int want, const char* what) {
  if (got < 0) die(what);
  if (got != want) {
    std::fprintf(stderr, "fdholder: %s got fd %d, wanted %d\n", what, got, want);
    std::exit(1);
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fdholder DIR\n");
    return 2;
  }
  for (int fd = 3; fd < 1024; ++fd) close(fd);
  std::string dir = argv[1];
  int f = open((dir + "/file.txt").c_str(), O_RDWR | O_CREAT | O_APPEND, 0644);
  expect_fd(f, 3, "file");
  if (write(f, "hello", 5) != 5) die("write");
  int p[2];
  if (pipe(p) < 0) die("pipe");  // 4 = read end, 5 = write end: rearranged below
  std::string fifo = dir + "/fifo";
  unlink(fifo.c_str());
  if (mkfifo(fifo.c_str(), 0600) < 0) die("mkfifo");
  std::string sock = dir + "/sock";
  unlink(sock.c_str());
  int ls = socket(AF_UNIX, SOCK_STREAM, 0);
  if (ls < 0) die("socket");
  struct sockaddr_un sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sun_family = AF_UNIX;
  std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock.c_str());
  if (bind(ls, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 || listen(ls, 4) < 0) die("bind unix");
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    // The child holds the pipe's read end and a connection to the listener.
    close(p[1]);
    close(ls);
    close(f);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (c < 0 || connect(c, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) die("connect");
    char b;
    while (read(0, &b, 1) > 0) {
    }
    _exit(0);
  }
  // Parent: fd 4 = pipe write end, 5 = FIFO, 6 = listener, 7 = accepted, 8 = TCP.
  close(p[0]);
  int w = dup2(p[1], 40);
  close(p[1]);
  int rd_ls = dup2(ls, 41);
  close(ls);
  expect_fd(dup2(w, 4), 4, "pipe");
  close(w);
  expect_fd(open(fifo.c_str(), O_RDWR | O_NONBLOCK), 5, "fifo");
  expect_fd(dup2(rd_ls, 6), 6, "unix listener");
  close(rd_ls);
  expect_fd(accept(6, nullptr, nullptr), 7, "accept");
  int t = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  expect_fd(t, 8, "tcp");
  struct sockaddr_in in;
  std::memset(&in, 0, sizeof in);
  in.sin_family = AF_INET;
  in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(t, reinterpret_cast<sockaddr*>(&in), sizeof in) < 0 || listen(t, 4) < 0) die("bind tcp");
  socklen_t len = sizeof in;
  getsockname(t, reinterpret_cast<sockaddr*>(&in), &len);
  int m = open((dir + "/mapped.bin").c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (m < 0 || ftruncate(m, 8192) < 0) die("mapped.bin");
  void* addr = mmap(nullptr, 8192, PROT_READ, MAP_SHARED, m, 0);
  if (addr == MAP_FAILED) die("mmap");
  close(m);
  std::printf("READY %d %d %d\n", static_cast<int>(getpid()), static_cast<int>(child), ntohs(in.sin_port));
  std::fflush(stdout);
  char b;
  while (read(0, &b, 1) > 0) {
  }
  kill(child, SIGTERM);
  waitpid(child, nullptr, 0);
  munmap(addr, 8192);
  return 0;
}
