// Unit tests for the fd trace: quoting of words, errno names, the line format of failed
// calls, and the private destination that user redirections move out of the way.
#include "os/trace.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "os/fd.hpp"
#include "os/redirect.hpp"

namespace fdsh::os {
namespace {

TEST(TraceQuote, PlainWordsStayAsTheyAre) {
  EXPECT_EQ(trace::quote("o.txt"), "o.txt");
  EXPECT_EQ(trace::quote("/usr/bin/grep"), "/usr/bin/grep");
  EXPECT_EQ(trace::quote("--color=auto"), "--color=auto");
  EXPECT_EQ(trace::quote("a,b:c@d%e+f"), "a,b:c@d%e+f");
  EXPECT_EQ(trace::quote("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(TraceQuote, OtherWordsAreSingleQuoted) {
  EXPECT_EQ(trace::quote(""), "''");
  EXPECT_EQ(trace::quote("a b"), "'a b'");
  EXPECT_EQ(trace::quote("it's"), "'it'\\''s'");
  EXPECT_EQ(trace::quote("'"), "''\\'''");
  EXPECT_EQ(trace::quote("$HOME"), "'$HOME'");
  EXPECT_EQ(trace::quote("*.c"), "'*.c'");
  EXPECT_EQ(trace::quote("a\"b"), "'a\"b'");
  EXPECT_EQ(trace::quote("x;y"), "'x;y'");
  EXPECT_EQ(trace::quote("~root"), "'~root'");
  EXPECT_EQ(trace::quote("a~b"), "a~b");
}

TEST(TraceQuote, ControlCharactersKeepTheLineWhole) {
  EXPECT_EQ(trace::quote("a\nb"), "$'a\\nb'");
  EXPECT_EQ(trace::quote("tab\there's"), "$'tab\\there\\'s'");
  EXPECT_EQ(trace::quote(std::string("\x01\\", 2)), "$'\\001\\\\'");
}

TEST(TraceQuote, PathArgumentsLookLikeCStringsWhenPlain) {
  EXPECT_EQ(trace::path_arg("o.txt"), "\"o.txt\"");
  EXPECT_EQ(trace::path_arg("a b"), "'a b'");
  EXPECT_EQ(trace::path_arg(""), "''");
}

TEST(TraceErrno, NamesFromTheTable) {
  EXPECT_EQ(trace::errno_name(ENOENT), "ENOENT");
  EXPECT_EQ(trace::errno_name(EACCES), "EACCES");
  EXPECT_EQ(trace::errno_name(EBADF), "EBADF");
  EXPECT_EQ(trace::errno_name(EEXIST), "EEXIST");
  EXPECT_EQ(trace::errno_name(EISDIR), "EISDIR");
  EXPECT_EQ(trace::errno_name(ENOTDIR), "ENOTDIR");
  EXPECT_EQ(trace::errno_name(EMFILE), "EMFILE");
  EXPECT_EQ(trace::errno_name(ENXIO), "ENXIO");
  EXPECT_EQ(trace::errno_name(EPERM), "EPERM");
  EXPECT_EQ(trace::errno_name(EINTR), "EINTR");
  EXPECT_EQ(trace::errno_name(ENOSPC), "ENOSPC");
  EXPECT_EQ(trace::errno_name(EROFS), "EROFS");
  EXPECT_EQ(trace::errno_name(ELOOP), "ELOOP");
  EXPECT_EQ(trace::errno_name(ENAMETOOLONG), "ENAMETOOLONG");
  EXPECT_EQ(trace::errno_name(ECONNREFUSED), "ECONNREFUSED");
  EXPECT_EQ(trace::errno_name(EWOULDBLOCK), "EAGAIN");
}

TEST(TraceErrno, UnknownValuesAreNumbers) {
  EXPECT_EQ(trace::errno_name(4000), "4000");
  EXPECT_EQ(trace::failure(4000), " = -1 4000 (Unknown error)");
}

TEST(TraceLines, FailuresCarryTheErrnoNameAndText) {
  EXPECT_EQ(trace::failure(ENOENT), " = -1 ENOENT (No such file or directory)");
  EXPECT_EQ(trace::open_line("nope", O_RDONLY, -1, ENOENT), "open(\"nope\", O_RDONLY) = -1 ENOENT (No such file or directory)");
  EXPECT_EQ(trace::open_line("a b", O_WRONLY | O_CREAT | O_TRUNC, 5, 0), "open('a b', O_WRONLY|O_CREAT|O_TRUNC) = 5");
  EXPECT_EQ(trace::dup2_line(9, 1, EBADF), "dup2(9, 1) = -1 EBADF (Bad file descriptor)");
  EXPECT_EQ(trace::dup2_line(4, 1, 0), "dup2(4, 1)");
  EXPECT_EQ(trace::dup_line(1, 11, true, 0), "dup(1) = 11 [cloexec]");
  EXPECT_EQ(trace::dup_line(9, -1, true, EBADF), "dup(9) = -1 EBADF (Bad file descriptor)");
  EXPECT_EQ(trace::close_line(3, 0), "close(3)");
  EXPECT_EQ(trace::close_line(3, EBADF), "close(3) = -1 EBADF (Bad file descriptor)");
  EXPECT_EQ(trace::pipe_line(3, 4, 0), "pipe2(O_CLOEXEC) = [3,4]");
  EXPECT_EQ(trace::pipe_line(-1, -1, EMFILE), "pipe2(O_CLOEXEC) = -1 EMFILE (Too many open files)");
}

TEST(TraceLines, MemfdAndSocketsAreNamedAsWhatTheyAre) {
  EXPECT_EQ(trace::memfd_line("here-document", 5, 0), "memfd_create(\"here-document\", MFD_CLOEXEC) = 5");
  EXPECT_EQ(trace::socket_line(AF_INET, SOCK_STREAM, 5, 0), "socket(AF_INET, SOCK_STREAM) = 5");
  EXPECT_EQ(trace::socket_line(AF_INET6, SOCK_DGRAM, 6, 0), "socket(AF_INET6, SOCK_DGRAM) = 6");
  EXPECT_EQ(trace::connect_line(5, "127.0.0.1:8080", 0), "connect(5, 127.0.0.1:8080) = 0");
  EXPECT_EQ(trace::connect_line(5, "127.0.0.1:8080", ECONNREFUSED),
            "connect(5, 127.0.0.1:8080) = -1 ECONNREFUSED (Connection refused)");
}

TEST(TraceLines, OpenFlagsNameTmpfile) {
  EXPECT_EQ(trace::open_flags(O_TMPFILE | O_RDWR | O_EXCL), "O_RDWR|O_EXCL|O_TMPFILE");
  EXPECT_EQ(trace::open_flags(O_DIRECTORY), "O_RDONLY|O_DIRECTORY");
}

/// A temporary file the trace writes to, read back whole.
struct TraceFile {
  std::string path;
  int fd = -1;
  TraceFile() {
    char name[] = "/tmp/fdsh-trace-test-XXXXXX";
    fd = mkstemp(name);
    path = name;
  }
  ~TraceFile() {
    if (fd >= 0) ::close(fd);
    unlink(path.c_str());
  }
  std::string text() const {
    std::string out;
    int r = ::open(path.c_str(), O_RDONLY);
    (void)read_all(r, out);
    ::close(r);
    return out;
  }
};

TEST(TraceDestination, PrivateCloexecCopyAtTenOrAbove) {
  TraceFile f;
  ASSERT_GE(f.fd, 0);
  ASSERT_TRUE(trace::start(f.fd).ok());
  int t = trace::destination();
  EXPECT_GE(t, kFirstPrivateFd);
  EXPECT_NE(t, f.fd);
  EXPECT_TRUE(fd_cloexec(t));
  EXPECT_TRUE(fd_table().is_private(t));
  trace::stop();
  EXPECT_FALSE(trace::enabled);
  EXPECT_EQ(trace::destination(), -1);
  EXPECT_FALSE(fd_is_open(t));
  EXPECT_FALSE(fd_table().is_private(t));
}

TEST(TraceDestination, LinesFollowTheOperationWithItsResult) {
  TraceFile f;
  ASSERT_TRUE(trace::start(f.fd).ok());
  auto bad = open_file("/nonexistent/fdsh-trace-test", O_RDONLY);
  EXPECT_FALSE(bad.ok());
  auto d = dup_to(kFirstPrivateFd + 50, 7);
  EXPECT_FALSE(d.ok());
  trace::stop();
  std::string text = f.text();
  EXPECT_NE(text.find("open(\"/nonexistent/fdsh-trace-test\", O_RDONLY) = -1 ENOENT (No such file or directory)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("dup2(60, 7) = -1 EBADF (Bad file descriptor)\n"), std::string::npos) << text;
  EXPECT_LT(text.find("open("), text.find("dup2("));
}

TEST(TraceDestination, MovesOutOfTheWayOfAUserRedirection) {
  TraceFile f;
  ASSERT_TRUE(trace::start(f.fd).ok());
  int t = trace::destination();
  UndoFrame frame;
  FdStep s;
  s.op = FdStep::Op::Open;
  s.fd = t;
  s.path = "/dev/null";
  s.flags = O_WRONLY;
  ASSERT_TRUE(fd_table().apply(s, &frame).ok());
  EXPECT_NE(trace::destination(), t);
  EXPECT_GE(trace::destination(), kFirstPrivateFd);
  EXPECT_TRUE(fd_table().is_private(trace::destination()));
  EXPECT_FALSE(fd_table().is_private(t));
  fd_table().undo(frame);
  trace::stop();
  std::string text = f.text();
  // Every line, including the close of the old number and the undo, reached the file.
  EXPECT_NE(text.find("dup(" + std::to_string(t) + ") = "), std::string::npos) << text;
  EXPECT_NE(text.find("close(" + std::to_string(t) + ")\n"), std::string::npos) << text;
  EXPECT_NE(text.find("open(\"/dev/null\", O_WRONLY) = "), std::string::npos) << text;
}

}  // namespace
}  // namespace fdsh::os
