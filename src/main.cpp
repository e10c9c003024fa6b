// main.cpp — argv -> options -> run script / -c / -s / interactive -> exit status.
#include <new>
#include <stdexcept>

#include "exec/shell.hpp"
#include "os/fd.hpp"

int main(int argc, char** argv) {
  try {
    fdsh::exec::Shell sh;
    return sh.main(argc, argv) & 0xff;
  } catch (const std::bad_alloc&) {
    // Out of memory (e.g. under a ulimit -v): a clear refusal, never an abort.
    (void)fdsh::os::write_all(2, "fdsh: out of memory\n");
    return 1;
  } catch (const std::length_error&) {
    (void)fdsh::os::write_all(2, "fdsh: input too large\n");
    return 1;
  }
}
