// os/redirect.cpp — applying fd steps with undo frames; the shell's private fds move out
// of the way of user redirections and are never visible to user commands (`>&N` on a
// private fd is EBADF).
#include "os/redirect.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/fd.hpp"
#include "os/net.hpp"
#include "os/sys.hpp"
#include "os/trace.hpp"

namespace fdsh::os {

std::string FdStep::describe() const {
  switch (op) {
    case Op::Open: {
      std::string mode;
      int acc = flags & O_ACCMODE;
      mode = acc == O_RDONLY ? "r" : acc == O_WRONLY ? "w" : "rw";
      if (flags & O_APPEND) mode += ",append";
      if (flags & O_TRUNC) mode += ",trunc";
      if (flags & O_CREAT) mode += ",creat";
      return "open " + (fd < 0 ? std::string("{new}") : std::to_string(fd)) + " <- '" + path + "' (" + mode + ")";
    }
    case Op::Dup:
      return "dup2 " + std::to_string(src) + " -> " + std::to_string(fd) + (move ? ", close " + std::to_string(src) : "");
    case Op::Close: return "close " + std::to_string(fd);
    case Op::Data:
      return "heredoc " + std::to_string(fd) + " <- " + (data_fd >= 0 ? "spill file" : std::to_string(data.size()) + " bytes");
    case Op::Take: return "dup2 " + (label.empty() ? std::to_string(src) : label) + " -> " + std::to_string(fd);
  }
  return "?";
}

namespace {

std::string mode_of_flags(int flags) {
  int acc = flags & O_ACCMODE;
  return acc == O_RDONLY ? "r" : acc == O_WRONLY ? "w" : "rw";
}

/// "target (mode)" of one of this process's fds.
std::string real_target(int fd) {
  int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0) return "(closed fd " + std::to_string(fd) + ")";
  return trace::fd_target(fd) + " (" + mode_of_flags(fl) + ")";
}

}  // namespace

FdView inherited_view() {
  FdView v;
  for (int fd : open_fds()) {
    int fl = ::fcntl(fd, F_GETFD);
    if (fl < 0 || (fl & FD_CLOEXEC)) continue;
    v[fd] = real_target(fd);
  }
  return v;
}

void simulate(const std::vector<FdStep>& steps, FdView& view, bool resolve) {
  for (const FdStep& s : steps) {
    switch (s.op) {
      case FdStep::Op::Open: {
        std::string what = s.path + " (" + mode_of_flags(s.flags) + ")";
        // Opening /dev/fd/N (a process substitution's name) opens what fd N is.
        if (s.path.rfind("/dev/fd/", 0) == 0) {
          const std::string n = s.path.substr(8);
          if (!n.empty() && n.find_first_not_of("0123456789") == std::string::npos && n.size() < 6) {
            auto it = view.find(std::stoi(n));
            if (it != view.end()) what = it->second;
          }
        }
        view[s.fd < 0 ? kFirstPrivateFd : s.fd] = what;
        break;
      }
      case FdStep::Op::Dup: {
        auto it = view.find(s.src);
        if (it == view.end()) {
          view[s.fd] = "(bad fd " + std::to_string(s.src) + ")";
        } else if (s.src != s.fd) {
          std::string v = it->second;
          view[s.fd] = v;
          if (s.move) view.erase(s.src);
        }
        break;
      }
      case FdStep::Op::Take:
        // src -1: an fd made for the command later (a pipe end the spawner makes).
        view[s.fd] = (resolve && s.src >= 0) || s.label.empty() ? real_target(s.src) : s.label;
        break;
      case FdStep::Op::Close: view.erase(s.fd); break;
      case FdStep::Op::Data:
        view[s.fd] = "here-document (" + (s.data_fd >= 0 ? std::string("spill file") : std::to_string(s.data.size()) + " bytes") + ")";
        break;
    }
  }
}

std::string view_trace(const FdView& view) {
  std::string s;
  for (const auto& [fd, what] : view) s += (s.empty() ? "fd " : ", fd ") + std::to_string(fd) + " <- " + what;
  return "[" + s + "]";
}

std::string view_text(const FdView& view) {
  std::string s;
  for (const auto& [fd, what] : view) s += (s.empty() ? "" : ", ") + std::to_string(fd) + ": " + what;
  return s;
}

FdTable& fd_table() {
  static FdTable t;
  return t;
}

// ---- Fd: ownership, and the registry of private fds --------------------------------------

Fd::Fd(Fd&& o) noexcept : fd_(o.fd_), cloexec_(o.cloexec_), private_(o.private_) {
  if (private_) fd_table().private_[fd_] = this;
  o.fd_ = -1;
  o.private_ = false;
}

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this == &o) return *this;
  reset();
  fd_ = o.fd_;
  cloexec_ = o.cloexec_;
  private_ = o.private_;
  if (private_) fd_table().private_[fd_] = this;
  o.fd_ = -1;
  o.private_ = false;
  return *this;
}

Fd::~Fd() { reset(); }

void Fd::leave_registry() noexcept {
  if (!private_) return;
  auto& reg = fd_table().private_;
  auto it = reg.find(fd_);
  if (it != reg.end() && it->second == this) reg.erase(it);
  private_ = false;
}

void Fd::reset() noexcept {
  if (fd_ < 0) return;
  leave_registry();
  close_fd(fd_);
  fd_ = -1;
}

int Fd::release() noexcept {
  leave_registry();
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void Fd::set_cloexec(bool on) {
  if (fd_ < 0) return;
  if (os::set_cloexec(fd_, on)) cloexec_ = on;
}

void Fd::make_private() {
  if (fd_ < 0 || private_) return;
  private_ = true;
  fd_table().private_[fd_] = this;
}

UndoFrame::~UndoFrame() {
  if (!saved.empty()) fd_table().undo(*this);
}

void FdTable::make_room(int fd) {
  auto it = private_.find(fd);
  if (it == private_.end()) return;
  Fd* holder = it->second;
  private_.erase(it);
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, kFirstPrivateFd);
  trace::dup(fd, moved, true, moved < 0 ? errno : 0);
  if (moved >= 0) {
    holder->fd_ = moved;
    private_[moved] = holder;
  } else {
    // No number left to move it to: the shell loses this fd rather than the user's.
    holder->fd_ = -1;
    holder->private_ = false;
  }
  close_fd(fd);
}

void FdTable::save(int fd, UndoFrame* frame) {
  if (!frame) return;
  for (const auto& s : frame->saved)
    if (s.fd == fd) return;  // the oldest state is what we restore
  int copy = -1;
  if (fd_is_open(fd)) {
    copy = ::fcntl(fd, F_DUPFD_CLOEXEC, kFirstPrivateFd);
    trace::dup(fd, copy, true, copy < 0 ? errno : 0);
  }
  frame->saved.push_back(UndoFrame::Saved{fd, Fd(copy)});
  frame->saved.back().saved.make_private();
}

Result<int> FdTable::apply(const FdStep& st, UndoFrame* frame) {
  int target = st.fd;
  if ((st.op == FdStep::Op::Open || st.op == FdStep::Op::Data) && target >= 0) {
    make_room(target);
    save(target, frame);
  }
  switch (st.op) {
    case FdStep::Op::Open: {
      int flags = st.flags;
      if (st.noclobber) {
        // Race-free noclobber: create exclusively; only an existing non-regular file may be opened.
        auto r = open_file(st.path, (flags & ~O_TRUNC) | O_CREAT | O_EXCL);
        if (!r) {
          if (r.error().err != EEXIST) return unexpected(r.error());
          struct stat sb;
          if (::stat(st.path.c_str(), &sb) == 0 && S_ISREG(sb.st_mode))
            return unexpected(SysError{EEXIST, "cannot overwrite existing file"});
          r = open_file(st.path, flags & ~(O_TRUNC | O_CREAT));
          if (!r) return unexpected(r.error());
        }
        return place(*r, target, st, frame);
      }
      SocketTarget sock = socket_target(st.path);
      if (sock.kind != SocketTarget::None) {
        auto c = connect_socket(sock);
        if (!c) return unexpected(c.error());
        return place(*c, target, st, frame);
      }
      auto r = open_file(st.path, flags);
      if (!r) return unexpected(r.error());
      return place(*r, target, st, frame);
    }
    case FdStep::Op::Data: {
      auto r = st.data_fd >= 0 ? reopen_for_reading(st.data_fd) : heredoc_fd(st.data);
      if (!r) return unexpected(r.error());
      return place(*r, target, st, frame);
    }
    case FdStep::Op::Dup: {
      if (st.src == target && !st.named) return target;  // n>&n and n>&n- change nothing
      if (st.src < 0 || is_private(st.src) || !fd_is_open(st.src)) {
        // Refused before any call: for the user, a private fd is as closed as one never opened.
        if (st.named && target < 0) trace::dup(st.src, -1, false, EBADF);
        else trace::dup2(st.src, target, EBADF);
        return unexpected(SysError{EBADF, std::to_string(st.src)});
      }
      if (st.named && target < 0) {
        int n = ::fcntl(st.src, F_DUPFD, kFirstPrivateFd);
        int e = n < 0 ? errno : 0;
        trace::dup(st.src, n, false, e);
        if (n < 0) return unexpected(SysError{e, "dup"});
        return n;
      }
      if (st.src == target && st.move) return target;
      if (auto d = dup_onto(st.src, target, frame); !d) return d;
      if (st.move && st.src != target) {
        make_room(st.src);
        save(st.src, frame);
        close_fd(st.src);
      }
      return target;
    }
    case FdStep::Op::Take: {
      // The shell's own fd (a pipe end, /dev/null) given to the command: no private-fd check.
      return dup_onto(st.src, target, frame);
    }
    case FdStep::Op::Close: {
      if (target < 0) return target;
      if (is_private(target)) return target;  // the user never opened it: nothing to close
      save(target, frame);
      close_fd(target);
      return target;
    }
  }
  return target;
}

Result<int> FdTable::dup_onto(int src, int target, UndoFrame* frame) {
  if (src == target) {
    (void)set_cloexec(target, false);  // target is open (checked by the caller): cannot fail
    return target;
  }
  make_room(target);
  save(target, frame);
  auto d = dup_to(src, target);
  if (!d) return unexpected(d.error());
  return target;
}

Result<int> FdTable::place(int opened, int target, const FdStep& st, UndoFrame*) {
  if (st.named && target < 0) {
    // {var}>file: an inheritable fd at 10 or above, kept open after the command.
    int n = ::fcntl(opened, F_DUPFD, kFirstPrivateFd);
    int e = n < 0 ? errno : 0;
    trace::dup(opened, n, false, e);
    close_fd(opened);
    if (n < 0) return unexpected(SysError{e, "dup"});
    return n;
  }
  if (opened == target) {
    // The open landed on the target number itself (it was free): make it inheritable.
    (void)set_cloexec(target, false);  // target is open: cannot fail
    return target;
  }
  auto d = dup_to(opened, target);
  close_fd(opened);
  if (!d) return unexpected(d.error());
  return target;
}

void FdTable::undo(UndoFrame& frame) {
  while (!frame.saved.empty()) {
    UndoFrame::Saved& s = frame.saved.back();
    make_room(s.fd);  // a private fd that took the number meanwhile (may be another copy)
    if (s.saved) {
      // Restoring cannot be reported anywhere better than the trace: the command is over.
      if (auto r = dup_to(s.saved.get(), s.fd); !r && trace::enabled) trace::emit("undo: dup2 failed for fd " + std::to_string(s.fd));
    } else {
      close_fd(s.fd);
    }
    frame.saved.pop_back();  // closes the copy
  }
}

void FdTable::commit(UndoFrame& frame) { frame.saved.clear(); }

void FdTable::close_all_private() {
  for (auto& [fd, holder] : private_) {
    ::close(fd);
    holder->fd_ = -1;
    holder->private_ = false;
  }
  private_.clear();
}

}  // namespace fdsh::os
