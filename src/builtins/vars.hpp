// builtins/vars.hpp — what the variable builtins share (builtins/vars.cpp: export,
// readonly, set; builtins/declare.cpp: declare, typeset, local): operands of the form
// NAME=value and the way bash prints values back.
#pragma once

#include <string>

#include "state/vars.hpp"

namespace fdsh::builtins {

/// bash's declare -p quoting: double quotes with \ " $ ` escaped.
std::string double_quote(const std::string& s);

/// The elements of an array as bash prints them: ([0]="a" [1]="b"), ([k]="v" ).
std::string array_literal(const state::Var& v);

/// Splits an operand of export/readonly/local/declare: NAME=value, NAME+=value (`append`)
/// or NAME alone (`has_value` false, `value` empty).
void split_assign(const std::string& a, std::string& name, std::string& value, bool& has_value, bool& append);

}  // namespace fdsh::builtins
