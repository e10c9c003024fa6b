// Unit tests of the /proc parsers behind `fds`, on fixed text (as the kernel prints it) and
// on live objects this test creates in its own process.
#include "os/introspect.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace proc = fdsh::os::proc;

TEST(Fdinfo, PositionAndOctalFlags) {
  auto f = proc::parse_fdinfo("pos:\t1234\nflags:\t02102001\nmnt_id:\t23\nino:\t3\n");
  EXPECT_TRUE(f.ok);
  EXPECT_EQ(f.pos, 1234);
  EXPECT_EQ(f.flags, 02102001u);
  EXPECT_EQ(f.flags & O_ACCMODE, static_cast<unsigned>(O_WRONLY));
  EXPECT_TRUE(f.flags & O_CLOEXEC);
  EXPECT_TRUE(f.flags & O_APPEND);
}

TEST(Fdinfo, MissingFieldsAreNotOk) {
  EXPECT_FALSE(proc::parse_fdinfo("").ok);
  EXPECT_FALSE(proc::parse_fdinfo("pos:\t1\n").ok);
}

TEST(Maps, FileBackedMappingsOncePerFile) {
  const char* text =
      "55addd4e7000-55addd4e9000 r--p 00000000 fe:00 247498                     /usr/bin/head\n"
      "55addd4e9000-55addd4ef000 r-xp 00002000 fe:00 247498                     /usr/bin/head\n"
      "7f0000000000-7f0000002000 rw-s 00001000 00:19 99                         /tmp/with space.bin\n"
      "7f0000003000-7f0000004000 rw-p 00000000 00:00 0                          [heap]\n"
      "7f0000005000-7f0000006000 rw-p 00000000 00:00 0 \n"
      "7f0000007000-7f0000008000 rw-s 00000000 00:01 1234                       /memfd:x (deleted)\n";
  auto maps = proc::parse_maps(text);
  ASSERT_EQ(maps.size(), 3u);
  EXPECT_EQ(maps[0].path, "/usr/bin/head");
  EXPECT_EQ(maps[0].perms, "r--p");
  EXPECT_EQ(maps[0].inode, 247498u);
  EXPECT_EQ(maps[0].dev, "fe:00");
  EXPECT_EQ(maps[1].path, "/tmp/with space.bin");
  EXPECT_EQ(maps[1].offset, 0x1000u);
  EXPECT_EQ(maps[1].perms, "rw-s");
  EXPECT_EQ(maps[2].path, "/memfd:x (deleted)");
}

TEST(NetInet, Ipv4ListenerAndConnection) {
  const char* text =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0\n"
      "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4243 1 0 20 4 30 10 -1\n";
  auto s = proc::parse_net_inet(text, "tcp");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].inode, 4242u);
  EXPECT_EQ(s[0].local, "127.0.0.1:8080");
  EXPECT_EQ(s[0].local_port, 8080);
  EXPECT_EQ(s[0].remote, "");
  EXPECT_EQ(s[0].state, "LISTEN");
  EXPECT_EQ(s[1].remote, "127.0.0.1:54321");
  EXPECT_EQ(s[1].state, "ESTABLISHED");
}

TEST(NetInet, Ipv6AndUdp) {
  const char* v6 =
      "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0 100 0 0 10 0\n";
  auto s = proc::parse_net_inet(v6, "tcp6");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].local, "[::1]:22");
  EXPECT_EQ(s[0].proto, "tcp6");
  const char* udp =
      "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
      "  1: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 55 2 0 0\n";
  auto u = proc::parse_net_inet(udp, "udp");
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].local, "0.0.0.0:68");
  EXPECT_EQ(u[0].state, "");
}

TEST(NetUnix, PathsStatesAndKinds) {
  const char* text =
      "Num       RefCount Protocol Flags    Type St Inode Path\n"
      "00000000aca0a006: 00000002 00000000 00010000 0001 01 583 /run/x.sock\n"
      "000000008ae383a9: 00000003 00000000 00000000 0001 03   584\n"
      "000000008ae383aa: 00000002 00000000 00000000 0002 01   585 @abstract\n";
  auto u = proc::parse_net_unix(text);
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[0].path, "/run/x.sock");
  EXPECT_EQ(u[0].state, "LISTEN");
  EXPECT_EQ(u[0].kind, "stream");
  EXPECT_EQ(u[1].path, "");
  EXPECT_EQ(u[1].state, "CONNECTED");
  EXPECT_EQ(u[1].inode, 584u);
  EXPECT_EQ(u[2].kind, "dgram");
  EXPECT_EQ(u[2].path, "@abstract");
}

TEST(Status, NameParentUid) {
  auto s = proc::parse_status("Name:\tmy prog\nUmask:\t0022\nState:\tS (sleeping)\nPPid:\t42\nUid:\t1000\t1000\t1000\t1000\n");
  EXPECT_EQ(s.name, "my prog");
  EXPECT_EQ(s.ppid, 42);
  EXPECT_EQ(s.uid, 1000u);
}

namespace {

const proc::Fd* find(const proc::Process& p, int fd) {
  for (const auto& f : p.fds)
    if (f.fd == fd) return &f;
  return nullptr;
}

}  // namespace

TEST(Live, FilePipeFifoSocketsAndMapping) {
  char dir[] = "/tmp/fds-unit-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string d = dir;
  int file = open((d + "/f").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  ASSERT_GE(file, 0);
  ASSERT_EQ(write(file, "abc", 3), 3);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_EQ(mkfifo((d + "/fifo").c_str(), 0600), 0);
  int fifo = open((d + "/fifo").c_str(), O_RDWR | O_NONBLOCK);
  ASSERT_GE(fifo, 0);
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  int m = open((d + "/m").c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_EQ(ftruncate(m, 4096), 0);
  void* addr = mmap(nullptr, 4096, PROT_READ, MAP_SHARED, m, 0);
  ASSERT_NE(addr, MAP_FAILED);
  close(m);

  auto sockets = proc::SocketTable::load();
  auto me = proc::read_process(0, sockets, true);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->pid, getpid());
  const proc::Fd* f = find(*me, file);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->type, "file");
  EXPECT_EQ(f->target, d + "/f");
  EXPECT_EQ(f->mode, "w");
  EXPECT_EQ(f->pos, 3);
  EXPECT_TRUE(f->cloexec);
  EXPECT_TRUE(f->append);
  const proc::Fd* r = find(*me, p[0]);
  const proc::Fd* w = find(*me, p[1]);
  ASSERT_TRUE(r && w);
  EXPECT_EQ(r->type, "pipe");
  EXPECT_EQ(r->mode, "r");
  EXPECT_EQ(w->mode, "w");
  EXPECT_EQ(r->inode, w->inode);
  EXPECT_EQ(r->target, "pipe:[" + std::to_string(r->inode) + "]");
  const proc::Fd* fi = find(*me, fifo);
  ASSERT_NE(fi, nullptr);
  EXPECT_EQ(fi->type, "fifo");
  EXPECT_TRUE(fi->nonblock);
  const proc::Fd* s0 = find(*me, sv[0]);
  const proc::Fd* s1 = find(*me, sv[1]);
  ASSERT_TRUE(s0 && s1);
  EXPECT_EQ(s0->type, "unix");
  EXPECT_EQ(s0->state, "CONNECTED");
  if (sockets.have_peers) {
    EXPECT_EQ(sockets.unix_peer.at(s0->inode), s1->inode);
    EXPECT_EQ(sockets.unix_peer.at(s1->inode), s0->inode);
  }
  bool mapped = false;
  for (const auto& mp : me->maps) mapped = mapped || mp.path == d + "/m";
  EXPECT_TRUE(mapped);
  EXPECT_EQ(find(*me, 1000), nullptr);

  // The other end of the pipe, as seen by the holder index.
  auto idx = proc::HolderIndex::build();
  auto holders = idx.holders(w->target, getpid(), p[1]);
  ASSERT_EQ(holders.size(), 1u);
  EXPECT_EQ(holders[0].fd, p[0]);
  EXPECT_EQ(holders[0].mode, "r");

  munmap(addr, 4096);
  for (int fd : {file, p[0], p[1], fifo, sv[0], sv[1]}) close(fd);
  unlink((d + "/f").c_str());
  unlink((d + "/fifo").c_str());
  unlink((d + "/m").c_str());
  rmdir(d.c_str());
}

TEST(Live, MissingProcessIsAnError) {
  auto sockets = proc::SocketTable::load();
  auto p = proc::read_process(999999999, sockets, false);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().err, ENOENT);
}
