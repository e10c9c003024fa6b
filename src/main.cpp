// main.cpp — argv -> options -> run script / -c / -s / interactive -> exit status.
#include "exec/shell.hpp"

int main(int argc, char** argv) {
  fdsh::exec::Shell sh;
  return sh.main(argc, argv) & 0xff;
}
