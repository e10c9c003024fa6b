// exec/frames.cpp — the call stack seen as bash's FUNCNAME, BASH_SOURCE and BASH_LINENO.
#include "exec/frames.hpp"

#include <algorithm>

namespace fdsh::exec {

bool Frames::call_stack_array(const std::string& name, std::vector<std::string>& out) const {
  if (name != "FUNCNAME" && name != "BASH_SOURCE" && name != "BASH_LINENO") return false;
  out.clear();
  if (name == "FUNCNAME" &&
      std::none_of(calls.begin(), calls.end(), [](const CallFrame& f) { return f.is_function; }))
    return true;
  for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
    if (name == "FUNCNAME") out.push_back(it->func);
    else if (name == "BASH_SOURCE") out.push_back(it->source);
    else out.push_back(std::to_string(it->line));
  }
  if (name == "FUNCNAME") out.push_back("main");
  else if (name == "BASH_SOURCE") {
    if (!main_file.empty()) out.push_back(main_file);
    else if (calls.empty()) return true;
    else out.push_back(script_name);
  } else if (!main_file.empty() || !calls.empty()) {
    out.push_back("0");
  }
  return true;
}

}  // namespace fdsh::exec
