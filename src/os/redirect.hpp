// os/redirect.hpp — applying an fd plan to the shell itself (XCU 2.7): each step saves the
// fd it changes into an undo frame (close-on-exec, at 10 or above), so builtins, functions
// and compound commands get their redirections and the shell gets its fds back afterwards.
// Without a frame (exec) the changes are permanent.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "os/fd.hpp"
#include "util/result.hpp"

namespace fdsh::os {

/// One step of an fd plan: what the user's redirection means at the fd level.
struct FdStep {
  enum class Op : unsigned char {
    Open,   ///< open path with flags onto fd
    Dup,    ///< dup src onto fd (close src afterwards if move)
    Close,  ///< close fd
    Data,   ///< here-document / here-string: data readable on fd
    Take,   ///< the command gets an fd the shell holds (pipe end, /dev/null, substitution pipe) as fd
  };
  Op op = Op::Open;
  int fd = -1;           ///< target fd; -1 with a var name: allocate one at 10 or above
  std::string path;      ///< Open
  int flags = 0;         ///< Open
  int src = -1;          ///< Dup
  bool move = false;     ///< Dup: n>&m- closes m afterwards
  std::string data;      ///< Data
  int data_fd = -1;      ///< Data: read the body from this file instead (a spilled here-document)
  bool named = false;    ///< {var} form: fd allocated, kept open
  std::string var;       ///< {var} form: the variable (or NAME[i] element) that receives the fd
  bool noclobber = false;  ///< Open: refuse to truncate an existing regular file
  std::string label;     ///< Take: what the shell's fd is ("pipe 1 read end", "/dev/null")
  /// One-line description for the trace and `fds --plan`.
  std::string describe() const;
};

/// What each fd refers to, as text ("f (w)", "pipe:[123] (r)"), for `fds --plan` and the
/// trace: the fd table a command will have, worked out without touching any fd.
using FdView = std::map<int, std::string>;
/// The inheritable fds of this process (those a new program would get), from /proc.
FdView inherited_view();
/// Applies steps to a view. `resolve`: Take steps show what the shell's fd really is
/// (from /proc) instead of their label.
void simulate(const std::vector<FdStep>& steps, FdView& view, bool resolve);
/// "0: stdin, 1: f (w)".
/// A view as trace lines show it: "[fd 0 <- /dev/null (r), fd 1 <- pipe:[12] (w)]".
std::string view_trace(const FdView& view);
std::string view_text(const FdView& view);

/// Fds changed by a redirection, with saved copies to put back.
/// The fds a command changed in the shell and their old state. Its destructor restores
/// them (so every way out of a command, exceptions included, undoes its redirections);
/// FdTable::commit keeps the changes instead (`exec`).
struct UndoFrame {
  struct Saved {
    int fd;    ///< the fd that was changed
    Fd saved;  ///< private copy of its old open file; invalid if it was closed
  };
  std::deque<Saved> saved;
  UndoFrame() = default;
  UndoFrame(const UndoFrame&) = delete;
  UndoFrame& operator=(const UndoFrame&) = delete;
  ~UndoFrame();
};

/// The shell's private fds and the application of fd steps.
class FdTable {
 public:
  /// True if fd is one of the shell's private fds.
  bool is_private(int fd) const { return private_.count(fd) != 0; }
  /// Applies one step. With a frame, the old state of the fd is saved first.
  /// Returns the fd the step wrote to (the allocated number for named fds).
  Result<int> apply(const FdStep& step, UndoFrame* frame);
  /// Restores every fd saved in the frame, newest first, and empties it.
  void undo(UndoFrame& frame);
  /// Makes the frame's changes permanent: drops the saved copies.
  void commit(UndoFrame& frame);
  /// Closes every private fd (in a child about to run user code that must not see them — they are
  /// close-on-exec anyway, this is for forked subshells that read /proc/self/fd).
  void close_all_private();

 private:
  void make_room(int fd);
  Result<int> place(int opened, int target, const FdStep& st, UndoFrame* frame);
  /// dup2(src, target) with target's old state saved in the frame; src == target only
  /// makes it inheritable.
  Result<int> dup_onto(int src, int target, UndoFrame* frame);
  void save(int fd, UndoFrame* frame);
  friend class Fd;
  std::map<int, Fd*> private_;  ///< the registered private Fds, by number
};

/// The one table of the process.
FdTable& fd_table();

}  // namespace fdsh::os
