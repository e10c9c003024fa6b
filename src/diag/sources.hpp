// diag/sources.hpp — every text the shell reads has a source id: a script file, the -c
// string, standard input, a dot script, eval text, a trap action, a here-document... A
// position (ast::Pos) carries the id of the text it is in, so a message names that text
// wherever the code runs later (a function defined by eval and called from a trap still
// names the eval text).
#pragma once

#include <cstdint>
#include <string>

namespace fdsh::diag {

/// 0 means unknown.
using SourceId = std::uint32_t;

enum class SourceKind : std::uint8_t { File, CommandString, Stdin, Dot, Eval, Trap, Other };

struct Source {
  SourceKind kind = SourceKind::Other;
  std::string name;          ///< path, "-c", "stdin", "eval", "trap"...
  SourceId parent = 0;       ///< the text that ran this one (eval, trap), or 0
  std::uint32_t parent_line = 0;
};

/// Registers a source (the same kind, name, parent and line give the same id, so a loop
/// running `eval` does not grow the table).
SourceId add_source(SourceKind kind, const std::string& name, SourceId parent = 0, std::uint32_t parent_line = 0);
/// The source with this id (a default Source for 0 or an unknown id).
const Source& source(SourceId id);
/// How messages name a source: "f.sh", "-c", or "f.sh:3: eval" for text run by line 3.
std::string source_label(SourceId id);

}  // namespace fdsh::diag
