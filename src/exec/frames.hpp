// exec/frames.hpp — where the evaluator is: positional parameters, the call stack of
// functions and dot scripts, loop nesting and break/continue/return in progress, and the
// source location of the command being run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ast/ast.hpp"

namespace fdsh::exec {

/// Non-local control flow in progress.
enum class Flow { None, Break, Continue, Return };

/// One function call in progress (FUNCNAME, BASH_SOURCE, BASH_LINENO, caller).
struct CallFrame {
  std::string func;
  std::string source;      ///< where the function was defined
  std::uint32_t line = 0;  ///< line of the call
};

/// The evaluator's position: what is running, where it came from, and how to leave it.
struct Frames {
  std::vector<std::string> params;  ///< $1 $2 ...
  std::string arg0 = "fdsh";        ///< $0
  std::vector<CallFrame> calls;     ///< innermost last
  int func_depth = 0;
  int source_depth = 0;
  int eval_depth = 0;
  int loop_depth = 0;
  Flow flow = Flow::None;  ///< break/continue/return being carried out
  int flow_count = 0;      ///< loops still to leave (break N / continue N)
  std::string script_name = "fdsh";  ///< the script or -c name (messages, $0)
  std::string source_name = "fdsh";  ///< the text being run now ("f.sh", "f.sh:2: eval")
  ast::Pos pos;                      ///< the command being run

  /// Values of FUNCNAME / BASH_SOURCE / BASH_LINENO; false for other names.
  bool call_stack_array(const std::string& name, std::vector<std::string>& out) const;
  /// Ends a break/continue/return that has been carried out.
  void clear_flow() {
    flow = Flow::None;
    flow_count = 0;
  }
};

}  // namespace fdsh::exec
