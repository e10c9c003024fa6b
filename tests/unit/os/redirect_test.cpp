// Unit tests for applying fd steps to the process with undo frames, and for the
// registry of the shell's private fds.
#include "os/redirect.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "os/fd.hpp"

namespace fdsh::os {
namespace {

std::string path_of(int fd) {
  char buf[256];
  ssize_t n = readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

TEST(Redirect, OpenOntoAnFdAndUndo) {
  FdTable& t = fd_table();
  std::string before = path_of(7);
  UndoFrame f;
  FdStep s;
  s.op = FdStep::Op::Open;
  s.fd = 7;
  s.path = "/dev/null";
  s.flags = O_WRONLY;
  auto r = t.apply(s, &f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(path_of(7), "/dev/null");
  EXPECT_FALSE(fd_cloexec(7));  // a user fd is inherited
  t.undo(f);
  EXPECT_EQ(path_of(7), before);
}

TEST(Redirect, SavedCopiesArePrivateAndCloseOnExec) {
  FdTable& t = fd_table();
  UndoFrame f;
  FdStep s;
  s.op = FdStep::Op::Open;
  s.fd = 1;
  s.path = "/dev/null";
  s.flags = O_WRONLY;
  ASSERT_TRUE(t.apply(s, &f).ok());
  ASSERT_EQ(f.saved.size(), 1u);
  int saved = f.saved.front().saved;
  EXPECT_GE(saved, kFirstPrivateFd);
  EXPECT_TRUE(fd_cloexec(saved));
  EXPECT_TRUE(t.is_private(saved));
  // A user redirection may not duplicate a private fd.
  FdStep d;
  d.op = FdStep::Op::Dup;
  d.fd = 8;
  d.src = saved;
  EXPECT_FALSE(t.apply(d, nullptr).ok());
  t.undo(f);
  EXPECT_FALSE(t.is_private(saved));
}

TEST(Redirect, UserRedirectionMovesAPrivateFd) {
  FdTable& t = fd_table();
  int mine = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(mine, 0);
  int priv = fcntl(mine, F_DUPFD_CLOEXEC, 20);
  close(mine);
  int holder = priv;
  t.adopt(&holder);
  UndoFrame f;
  FdStep s;
  s.op = FdStep::Op::Open;
  s.fd = priv;
  s.path = "/dev/zero";
  s.flags = O_RDONLY;
  ASSERT_TRUE(t.apply(s, &f).ok());
  EXPECT_NE(holder, priv);  // the shell's fd moved away
  EXPECT_EQ(path_of(holder), "/dev/null");
  EXPECT_EQ(path_of(priv), "/dev/zero");
  t.undo(f);
  t.release(holder);
  close(holder);
}

TEST(Redirect, DupOfAClosedFdIsEbadf) {
  FdStep d;
  d.op = FdStep::Op::Dup;
  d.fd = 5;
  d.src = 999;
  auto r = fd_table().apply(d, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().err, EBADF);
}

TEST(Redirect, HereDocumentData) {
  UndoFrame f;
  FdStep s;
  s.op = FdStep::Op::Data;
  s.fd = 6;
  s.data = std::string(100000, 'x');  // larger than a pipe: goes through a memory file
  ASSERT_TRUE(fd_table().apply(s, &f).ok());
  std::string got;
  ASSERT_TRUE(read_all(6, got).ok());
  EXPECT_EQ(got.size(), 100000u);
  fd_table().undo(f);
}

}  // namespace
}  // namespace fdsh::os
