// main.cpp — argv -> options -> run script / -c / -s / interactive -> exit status.
#include <new>
#include <stdexcept>

#include "exec/shell.hpp"
#include "os/fd.hpp"
#include "os/stack.hpp"

namespace {

struct Args {
  int argc;
  char** argv;
};

int run_shell(void* p) {
  auto* a = static_cast<Args*>(p);
  try {
    fdsh::exec::Shell sh;
    return sh.main(a->argc, a->argv) & 0xff;
  } catch (const std::bad_alloc&) {
    // Out of memory (e.g. under a ulimit -v): a clear refusal, never an abort.
    (void)fdsh::os::write_all(2, "fdsh: out of memory\n");
    return 1;
  } catch (const std::length_error&) {
    (void)fdsh::os::write_all(2, "fdsh: input too large\n");
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // The shell runs on a large stack of its own so that deep nesting is limited by the
  // documented depth limits, not by `ulimit -s` (see os/stack.hpp).
  Args a{argc, argv};
  return fdsh::os::run_on_stack(fdsh::os::shell_stack_size(), run_shell, &a);
}
