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
  int saved = f.saved.front().saved.get();
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
  Fd holder(priv);
  holder.make_private();
  UndoFrame f;
  FdStep s;
  s.op = FdStep::Op::Open;
  s.fd = priv;
  s.path = "/dev/zero";
  s.flags = O_RDONLY;
  ASSERT_TRUE(t.apply(s, &f).ok());
  EXPECT_NE(holder.get(), priv);  // the shell's fd moved away
  EXPECT_TRUE(t.is_private(holder.get()));
  EXPECT_EQ(path_of(holder.get()), "/dev/null");
  EXPECT_EQ(path_of(priv), "/dev/zero");
  t.undo(f);
}

TEST(Fd, ClosesWhenDestroyedAndMovesOwnership) {
  int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    Fd a(raw);
    EXPECT_TRUE(a.cloexec());
    Fd b = std::move(a);
    EXPECT_FALSE(a.valid());
    EXPECT_EQ(b.get(), raw);
    EXPECT_TRUE(fd_is_open(raw));
  }
  EXPECT_FALSE(fd_is_open(raw));
}

TEST(Fd, ReleaseGivesUpOwnership) {
  int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    Fd a(raw);
    EXPECT_EQ(a.release(), raw);
  }
  EXPECT_TRUE(fd_is_open(raw));
  close(raw);
}

TEST(Fd, PrivateRegistrationFollowsMovesAndEnds) {
  int raw = fcntl(0, F_DUPFD_CLOEXEC, 30);
  ASSERT_GE(raw, 0);
  {
    Fd a(raw);
    a.make_private();
    EXPECT_TRUE(fd_table().is_private(raw));
    Fd b = std::move(a);
    EXPECT_TRUE(b.is_private());
    // A user redirection onto its number moves the fd b now owns.
    UndoFrame f;
    FdStep s;
    s.op = FdStep::Op::Open;
    s.fd = raw;
    s.path = "/dev/null";
    s.flags = O_RDONLY;
    ASSERT_TRUE(fd_table().apply(s, &f).ok());
    EXPECT_NE(b.get(), raw);
    EXPECT_TRUE(fd_table().is_private(b.get()));
  }  // the frame undoes (closes raw again), then b closes its moved fd
  EXPECT_FALSE(fd_table().is_private(raw));
  EXPECT_FALSE(fd_is_open(raw));
}

TEST(Fd, UndoFrameRestoresWhenDestroyed) {
  int raw = fcntl(1, F_DUPFD_CLOEXEC, 40);
  ASSERT_GE(raw, 0);
  std::string before = path_of(raw);
  {
    UndoFrame f;
    FdStep s;
    s.op = FdStep::Op::Open;
    s.fd = raw;
    s.path = "/dev/zero";
    s.flags = O_RDONLY;
    ASSERT_TRUE(fd_table().apply(s, &f).ok());
    EXPECT_EQ(path_of(raw), "/dev/zero");
  }
  EXPECT_EQ(path_of(raw), before);
  close(raw);
}

TEST(Fd, OpenPipeGivesTwoCloseOnExecEnds) {
  auto p = open_pipe();
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(fd_cloexec(p->read.get()));
  EXPECT_TRUE(fd_cloexec(p->write.get()));
  int r = p->read.get();
  p->read.reset();
  EXPECT_FALSE(fd_is_open(r));
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
