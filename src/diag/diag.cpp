// diag/diag.cpp — the single renderer of user-facing messages.
#include "diag/diag.hpp"

namespace fdsh::diag {

std::string program_name = "fdsh";

std::string render(const Location& loc, std::string_view message) {
  std::string out = program_name;
  out += ": ";
  if (!loc.file.empty()) {
    out += loc.file;
    if (loc.line) {
      out += ':';
      out += std::to_string(loc.line);
      if (loc.col) {
        out += ':';
        out += std::to_string(loc.col);
      }
    }
    out += ": ";
  }
  out += message;
  out += '\n';
  return out;
}

std::string render(const Error& e) {
  std::string out = render(e.location(), e.message());
  if (!e.source_line().empty()) {
    out += "  ";
    out += e.source_line();
    out += "\n  ";
    std::uint32_t col = e.location().col ? e.location().col : 1;
    for (std::uint32_t i = 1; i < col && i <= e.source_line().size(); ++i)
      out += e.source_line()[i - 1] == '\t' ? '\t' : ' ';
    out += '^';
    // A span (the whole unexpected token) is underlined up to its end on this line.
    for (std::uint32_t i = col + 1; i < e.location().end_col && i <= e.source_line().size(); ++i) out += '~';
    out += '\n';
  }
  return out;
}

}  // namespace fdsh::diag
