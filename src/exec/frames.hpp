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

/// One function call or dot script in progress (FUNCNAME, BASH_SOURCE, BASH_LINENO, caller).
struct CallFrame {
  std::string func;         ///< the function's name; "source" for a dot script
  std::string source;       ///< where the function was defined; the dot script's path
  std::uint32_t line = 0;   ///< line of the call
  bool is_function = true;  ///< false for a dot script
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
  std::string main_file;             ///< the script file being run ("" for -c and stdin)
  std::string source_name = "fdsh";  ///< the text being run now ("f.sh", "f.sh:2: eval")
  ast::Pos pos;                      ///< the command being run
  /// Inside `command NAME`: an error of a special builtin does not end the shell (XCU 2.14).
  int command_depth = 0;
  /// The command being run (BASH_COMMAND): a simple command, [[ ]] or (( )).
  const ast::Node* command = nullptr;
  /// The text of the last simple command run, while an ERR trap is set (BASH_COMMAND there).
  std::string last_command;

  /// Values of FUNCNAME / BASH_SOURCE / BASH_LINENO, innermost first, as bash gives them:
  /// FUNCNAME is empty unless a function runs; the script file ends BASH_SOURCE. False for
  /// other names.
  bool call_stack_array(const std::string& name, std::vector<std::string>& out) const;
  /// Ends a break/continue/return that has been carried out.
  void clear_flow() {
    flow = Flow::None;
    flow_count = 0;
  }
};

}  // namespace fdsh::exec
