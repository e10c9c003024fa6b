// lex/lexer_words.cpp — the words of the shell (XCU 2.3): quoting (XCU 2.2), including
// $'...', and the structure of expansions inside words (XCU 2.6): parameters (${...} with
// every operator), command substitution, arithmetic, process substitution, extended globs.
#include <cstring>

#include "lex/chars.hpp"
#include "lex/lexer.hpp"
#include "util/stack.hpp"
#include "util/text.hpp"

namespace fdsh::lex {

using ast::Pos;
using ast::Word;
using ast::WordPart;
using PK = ast::WordPart::Kind;

void Lexer::scan_word(Word& w, bool at_token_start) {
  (void)at_token_start;
  for (;;) {
    int c = r_.cur();
    if (c < 0) return;
    if (c == '(' && !w.empty() && w.back().kind == PK::Literal && !w.back().text.empty()) {
      char prev = w.back().text.back();
      if (prev == '?' || prev == '*' || prev == '+' || prev == '@' || (prev == '!' && (extglob_ || (extglob_live_ && *extglob_live_)))) {
        scan_extglob(w);
        continue;
      }
    }
    if ((c == '<' || c == '>') && w.empty() && r_.peek_raw(1) == '(') {
      Pos p = r_.pos();
      r_.advance();
      r_.advance();
      scan_cmdsub(w, p, c == '<' ? PK::ProcSubIn : PK::ProcSubOut);
      continue;
    }
    if (is_word_end(c)) return;
    Pos p = r_.pos();
    switch (c) {
      case '\'': scan_single_quote(w, p); break;
      case '"': scan_double_quote(w, p); break;
      case '\\': {
        r_.advance();
        int c2 = r_.peek_raw(0);
        if (c2 < 0) {
          append_part(w, PK::Literal, "\\", p);
        } else {
          r_.advance();
          char ch = static_cast<char>(c2);
          append_part(w, PK::Escaped, std::string_view(&ch, 1), p);
        }
        break;
      }
      case '$': scan_dollar(w, false); break;
      case '`': scan_backquote(w, false); break;
      default: {
        r_.advance();
        char ch = static_cast<char>(c);
        append_part(w, PK::Literal, std::string_view(&ch, 1), p);
      }
    }
  }
}

void Lexer::scan_extglob(Word& w) {
  // The operator character is already in the literal; copy the balanced group verbatim.
  std::string text;
  int depth = 0;
  for (;;) {
    int c = r_.cur();
    if (c < 0) error(r_.pos(), "unterminated extended glob pattern");
    r_.advance();
    text += static_cast<char>(c);
    if (c == '\\') {
      int c2 = r_.peek_raw(0);
      if (c2 >= 0) {
        r_.advance();
        text += static_cast<char>(c2);
      }
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) break;
    }
  }
  w.back().text += text;
}

void Lexer::scan_single_quote(Word& w, Pos p) {
  r_.advance();
  std::string text;
  for (;;) {
    int c = r_.peek_raw(0);
    if (c < 0) error(p, "unterminated single quote");
    r_.advance();
    if (c == '\'') break;
    text += static_cast<char>(c);
  }
  WordPart part;
  part.kind = PK::SingleQuoted;
  part.text = std::move(text);
  part.pos = p;
  w.push_back(std::move(part));
}

void Lexer::scan_dollar_single(Word& w, Pos p) {
  r_.advance();  // the quote
  std::string text;
  bool truncated = false;
  for (;;) {
    int c = r_.peek_raw(0);
    if (c < 0) error(p, "unterminated $'...' string");
    r_.advance();
    if (c == '\'') break;
    std::string piece;
    if (c != '\\') {
      piece += static_cast<char>(c);
    } else {
      int e = r_.peek_raw(0);
      if (e < 0) error(p, "unterminated $'...' string");
      r_.advance();
      switch (e) {
        case 'a': piece += '\a'; break;
        case 'b': piece += '\b'; break;
        case 'e':
        case 'E': piece += '\x1b'; break;
        case 'f': piece += '\f'; break;
        case 'n': piece += '\n'; break;
        case 'r': piece += '\r'; break;
        case 't': piece += '\t'; break;
        case 'v': piece += '\v'; break;
        case '\\': piece += '\\'; break;
        case '\'': piece += '\''; break;
        case '"': piece += '"'; break;
        case '?': piece += '?'; break;
        case 'c': {
          int x = r_.peek_raw(0);
          if (x >= 0) {
            r_.advance();
            piece += static_cast<char>(x == '?' ? 127 : (x & 0x1f));
          }
          break;
        }
        case 'x':
        case 'u':
        case 'U': {
          int maxd = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          unsigned long v = 0;
          int n = 0;
          while (n < maxd && util::hex_value(r_.peek_raw(0)) >= 0) {
            v = v * 16 + static_cast<unsigned long>(util::hex_value(r_.peek_raw(0)));
            r_.advance();
            ++n;
          }
          if (n == 0) {
            piece += '\\';
            piece += static_cast<char>(e);
          } else if (e == 'x') {
            piece += static_cast<char>(v);
          } else {
            util::put_utf8(piece, static_cast<std::uint32_t>(v));
          }
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            unsigned v = static_cast<unsigned>(e - '0');
            for (int n = 1; n < 3 && r_.peek_raw(0) >= '0' && r_.peek_raw(0) <= '7'; ++n) {
              v = v * 8 + static_cast<unsigned>(r_.peek_raw(0) - '0');
              r_.advance();
            }
            piece += static_cast<char>(v & 0xff);
          } else {
            piece += '\\';
            piece += static_cast<char>(e);
          }
      }
    }
    if (!truncated) {
      std::size_t nul = piece.find('\0');
      if (nul != std::string::npos) {
        piece.resize(nul);
        truncated = true;
      }
      text += piece;
    }
  }
  WordPart part;
  part.kind = PK::SingleQuoted;
  part.text = std::move(text);
  part.pos = p;
  w.push_back(std::move(part));
}

void Lexer::scan_double_quote(Word& w, Pos p) {
  r_.advance();
  WordPart part;
  part.kind = PK::DoubleQuoted;
  part.pos = p;
  for (;;) {
    int c = r_.cur();
    if (c < 0) error(p, "unterminated double quote");
    Pos cp = r_.pos();
    if (c == '"') {
      r_.advance();
      break;
    }
    if (c == '\\') {
      r_.advance();
      int c2 = r_.peek_raw(0);
      if (c2 == '$' || c2 == '`' || c2 == '"' || c2 == '\\') {
        r_.advance();
        char ch = static_cast<char>(c2);
        append_part(part.parts, PK::Escaped, std::string_view(&ch, 1), cp);
      } else {
        append_part(part.parts, PK::Literal, "\\", cp);
      }
      continue;
    }
    if (c == '$') {
      scan_dollar(part.parts, true);
      continue;
    }
    if (c == '`') {
      scan_backquote(part.parts, true);
      continue;
    }
    r_.advance();
    char ch = static_cast<char>(c);
    append_part(part.parts, PK::Literal, std::string_view(&ch, 1), cp);
  }
  w.push_back(std::move(part));
}

void Lexer::scan_dollar(Word& w, bool in_dq) {
  Pos p = r_.pos();
  r_.advance();  // '$'
  int c = r_.cur();
  auto add_param = [&](std::string name) {
    WordPart part;
    part.kind = PK::Param;
    part.pos = p;
    part.param = std::make_shared<ast::Param>();
    part.param->name = std::move(name);
    w.push_back(std::move(part));
  };
  if (c == '{') {
    r_.advance();
    scan_brace_param(w, in_dq, p);
  } else if (c == '(') {
    r_.advance();
    if (r_.cur() == '(') {
      if (!try_arith(w, p)) scan_cmdsub(w, p, PK::CommandSub);
    } else {
      scan_cmdsub(w, p, PK::CommandSub);
    }
  } else if (c == '\'' && !in_dq) {
    scan_dollar_single(w, p);
  } else if (c == '"' && !in_dq) {
    scan_double_quote(w, p);
  } else if (is_name_start(c)) {
    std::string name;
    while (is_name_char(r_.cur())) {
      name += static_cast<char>(r_.cur());
      r_.advance();
    }
    add_param(std::move(name));
  } else if (is_digit(c) || is_special_param(c)) {
    r_.advance();
    add_param(std::string(1, static_cast<char>(c)));
  } else {
    append_part(w, PK::Literal, "$", p);
  }
}

void Lexer::scan_cmdsub(Word& w, Pos p, PK kind) {
  if (++depth_ > kMaxWordDepth || util::stack_exhausted()) {
    --depth_;
    error(p, "maximum nesting depth " + std::to_string(kMaxWordDepth) + " exceeded");
  }
  WordPart part;
  part.kind = kind;
  part.pos = p;
  part.cmd = sub_(*this);
  --depth_;
  w.push_back(std::move(part));
}

bool Lexer::try_arith(Word& w, Pos p) {
  // `$((` that is not arithmetic is read again as `$(` `(`; remembering where that
  // happened keeps nested failures from being retried at every level (which is exponential).
  std::size_t at = r_.offset();
  bool memo = !r_.in_alias();
  if (memo && not_arith(at)) return false;
  Reader::State saved = r_.save();
  r_.advance();  // second '('
  Word parts;
  bool ok = true;
  try {
    scan_arith_parts(parts, p, ok);
  } catch (const diag::Error&) {
    if (retry_exhausted()) throw;
    ok = false;
  }
  if (!ok) {
    charge_retry(retry_cost(r_.offset() - at, depth_), p);
    r_.restore(saved);
    if (memo) mark_not_arith(at);
    return false;
  }
  WordPart part;
  part.kind = PK::Arith;
  part.pos = p;
  part.parts = std::move(parts);
  w.push_back(std::move(part));
  return true;
}

void Lexer::scan_arith_parts(Word& out, Pos p, bool& ok) {
  int depth = 0;
  for (;;) {
    int c = r_.cur();
    if (c < 0) {
      ok = false;
      return;
    }
    Pos cp = r_.pos();
    if (c == ')') {
      r_.advance();
      if (depth == 0) {
        if (r_.cur() == ')') {
          r_.advance();
          return;
        }
        ok = false;
        return;
      }
      --depth;
      append_part(out, PK::Literal, ")", cp);
      continue;
    }
    if (c == '(') ++depth;
    if (c == '$') {
      scan_dollar(out, true);
      continue;
    }
    if (c == '`') {
      scan_backquote(out, true);
      continue;
    }
    if (c == '"') {
      scan_double_quote(out, cp);
      continue;
    }
    if (c == '\\') {
      r_.advance();
      int c2 = r_.peek_raw(0);
      if (c2 >= 0) {
        r_.advance();
        char ch = static_cast<char>(c2);
        append_part(out, PK::Escaped, std::string_view(&ch, 1), cp);
      }
      continue;
    }
    r_.advance();
    char ch = static_cast<char>(c);
    append_part(out, PK::Literal, std::string_view(&ch, 1), cp);
  }
  (void)p;
}

Word Lexer::read_arith_until_close(Pos start) {
  Word parts;
  bool ok = true;
  scan_arith_parts(parts, start, ok);
  if (!ok) error(start, "unterminated arithmetic command (( ))");
  return parts;
}

void Lexer::scan_backquote(Word& w, bool in_dq) {
  Pos p = r_.pos();
  r_.advance();
  std::string text;
  for (;;) {
    int c = r_.peek_raw(0);
    if (c < 0) error(p, "unterminated backquote");
    r_.advance();
    if (c == '`') break;
    if (c == '\\') {
      int c2 = r_.peek_raw(0);
      if (c2 == '$' || c2 == '`' || c2 == '\\' || (in_dq && c2 == '"')) {
        r_.advance();
        text += static_cast<char>(c2);
        continue;
      }
    }
    text += static_cast<char>(c);
  }
  if (++depth_ > kMaxWordDepth || util::stack_exhausted()) {
    --depth_;
    error(p, "maximum nesting depth " + std::to_string(kMaxWordDepth) + " exceeded");
  }
  WordPart part;
  part.kind = PK::CommandSub;
  part.pos = p;
  part.cmd = text_(text, p);
  --depth_;
  w.push_back(std::move(part));
}

// ${...} (XCU 2.6.2): the prefix (# length, ! indirection), the name and optional [index],
// then an operator and its words, up to the closing brace.
void Lexer::scan_brace_param(Word& w, bool in_dq, Pos p) {
  if (++depth_ > kMaxWordDepth || util::stack_exhausted()) {
    --depth_;
    error(p, "maximum nesting depth " + std::to_string(kMaxWordDepth) + " exceeded");
  }
  auto param = std::make_shared<ast::Param>();
  ast::Param& pr = *param;
  int c = r_.cur();
  if (c == '#') {
    r_.advance();
    scan_param_length(pr, p);
  } else if (c == '!') {
    r_.advance();
    scan_param_bang(pr, p);
  } else {
    if (!scan_param_name(pr)) error(p, "bad substitution");
    scan_param_index(pr, p);
  }
  // Only a plain parameter and ${!ref} take an operator.
  if (pr.op == ast::ParamOp::None || pr.op == ast::ParamOp::Indirect) {
    bool indirect = pr.op == ast::ParamOp::Indirect;
    scan_param_op(pr, in_dq, p);
    if (indirect && pr.op != ast::ParamOp::Indirect) pr.indirect = true;
  }
  if (r_.cur() < 0) error(p, "unterminated parameter expansion ${");
  if (r_.cur() != '}') error(p, "bad substitution");
  r_.advance();
  --depth_;
  WordPart part;
  part.kind = PK::Param;
  part.pos = p;
  part.param = std::move(param);
  w.push_back(std::move(part));
}

// The parameter's name: a name, all the digits of a positional parameter, or one special
// character. False (nothing read) if none starts here.
bool Lexer::scan_param_name(ast::Param& pr) {
  int c = r_.cur();
  if (is_name_start(c)) {
    while (is_name_char(r_.cur())) {
      pr.name += static_cast<char>(r_.cur());
      r_.advance();
    }
    return true;
  }
  if (is_digit(c)) {
    while (is_digit(r_.cur())) {
      pr.name += static_cast<char>(r_.cur());
      r_.advance();
    }
    return true;
  }
  if (is_special_param(c)) {
    pr.name = std::string(1, static_cast<char>(c));
    r_.advance();
    return true;
  }
  return false;
}

// An array subscript [index] after a name (not after a special or positional parameter).
void Lexer::scan_param_index(ast::Param& pr, Pos p) {
  if (r_.cur() == '[' && (is_name_start(pr.name[0]))) {
    r_.advance();
    pr.has_index = true;
    scan_param_word(pr.index, false, false, "]", p);
    if (r_.cur() != ']') error(p, "bad substitution");
    r_.advance();
  }
}

// After "${#": ${#} is the parameter '#'; ${#name}, ${#a[i]}, ${#@} are lengths.
void Lexer::scan_param_length(ast::Param& pr, Pos p) {
  int c2 = r_.cur();
  if (c2 == '}') {
    pr.name = "#";
  } else if (is_name_start(c2) || is_digit(c2) ||
             (is_special_param(c2) && r_.peek_raw(1) == '}') || (c2 == '@' || c2 == '*')) {
    pr.op = ast::ParamOp::Length;
    scan_param_name(pr);
    scan_param_index(pr, p);
    if (r_.cur() != '}') error(p, "bad substitution");
  } else {
    pr.name = "#";
  }
}

// After "${!": ${!} is the parameter '!'; ${!prefix*} and ${!prefix@} list names;
// ${!a[@]} lists keys; anything else is an indirection ${!ref}.
void Lexer::scan_param_bang(ast::Param& pr, Pos p) {
  if (r_.cur() == '}') {
    pr.name = "!";
    return;
  }
  if (!scan_param_name(pr)) error(p, "bad substitution");
  pr.indirect = true;
  pr.op = ast::ParamOp::Indirect;
  if ((r_.cur() == '*' || r_.cur() == '@') && r_.peek_raw(1) == '}') {
    pr.op = ast::ParamOp::NamesPrefix;
    pr.transform = static_cast<char>(r_.cur());
    r_.advance();
    return;
  }
  scan_param_index(pr, p);
  if (pr.has_index && pr.index.size() == 1 && pr.index[0].kind == PK::Literal &&
      (pr.index[0].text == "@" || pr.index[0].text == "*")) {
    pr.op = ast::ParamOp::Keys;
  }
}

// The operator after the name, with its words; nothing at '}'.
void Lexer::scan_param_op(ast::Param& pr, bool in_dq, Pos p) {
  int c = r_.cur();
  switch (c) {
    case '}': break;
    case ':': scan_param_colon(pr, in_dq, p); break;
    case '-': scan_param_arg(pr, ast::ParamOp::Default, in_dq, p); break;
    case '=': scan_param_arg(pr, ast::ParamOp::Assign, in_dq, p); break;
    case '?': scan_param_arg(pr, ast::ParamOp::Error, in_dq, p); break;
    case '+': scan_param_arg(pr, ast::ParamOp::Alternate, in_dq, p); break;
    case '#': scan_param_pattern(pr, ast::ParamOp::RemSmallPrefix, ast::ParamOp::RemLargePrefix, '#', in_dq, p); break;
    case '%': scan_param_pattern(pr, ast::ParamOp::RemSmallSuffix, ast::ParamOp::RemLargeSuffix, '%', in_dq, p); break;
    case '^': scan_param_pattern(pr, ast::ParamOp::UpperFirst, ast::ParamOp::UpperAll, '^', in_dq, p); break;
    case ',': scan_param_pattern(pr, ast::ParamOp::LowerFirst, ast::ParamOp::LowerAll, ',', in_dq, p); break;
    case '~': scan_param_pattern(pr, ast::ParamOp::ToggleFirst, ast::ParamOp::ToggleAll, '~', in_dq, p); break;
    case '/': scan_param_replace(pr, in_dq, p); break;
    case '@': scan_param_transform(pr, p); break;
    default:
      if (c < 0) error(p, "unterminated parameter expansion ${");
      error(p, "bad substitution");
  }
}

// A one-character operator (- = ? +) followed by its word.
void Lexer::scan_param_arg(ast::Param& pr, ast::ParamOp op, bool in_dq, Pos p) {
  pr.op = op;
  r_.advance();
  scan_param_word(pr.arg, in_dq, false, "}", p);
}

// # ## % %% ^ ^^ , ,,: the doubled character selects the second form; a pattern follows.
void Lexer::scan_param_pattern(ast::Param& pr, ast::ParamOp small, ast::ParamOp large, char ch, bool in_dq,
                               Pos p) {
  r_.advance();
  pr.op = small;
  if (r_.cur() == ch) {
    r_.advance();
    pr.op = large;
  }
  scan_param_word(pr.arg, in_dq, true, "}", p);
}

// After ':': the null-testing forms :- := :? :+, or a substring :offset[:length].
void Lexer::scan_param_colon(ast::Param& pr, bool in_dq, Pos p) {
  r_.advance();
  int n = r_.cur();
  if (n == '-' || n == '=' || n == '?' || n == '+') {
    pr.colon = true;
    scan_param_arg(pr,
                   n == '-'   ? ast::ParamOp::Default
                   : n == '=' ? ast::ParamOp::Assign
                   : n == '?' ? ast::ParamOp::Error
                              : ast::ParamOp::Alternate,
                   in_dq, p);
    return;
  }
  pr.op = ast::ParamOp::Substring;
  scan_param_word(pr.arg, false, false, ":}", p);
  if (r_.cur() == ':') {
    r_.advance();
    pr.has_arg2 = true;
    scan_param_word(pr.arg2, false, false, "}", p);
  }
}

// / // /# /%: a pattern, then optionally '/' and the replacement.
void Lexer::scan_param_replace(ast::Param& pr, bool in_dq, Pos p) {
  r_.advance();
  pr.op = ast::ParamOp::Replace;
  int n = r_.cur();
  if (n == '/') {
    pr.op = ast::ParamOp::ReplaceAll;
    r_.advance();
  } else if (n == '#') {
    pr.op = ast::ParamOp::ReplacePrefix;
    r_.advance();
  } else if (n == '%') {
    pr.op = ast::ParamOp::ReplaceSuffix;
    r_.advance();
  }
  scan_param_word(pr.arg, in_dq, true, "/}", p);
  if (r_.cur() == '/') {
    r_.advance();
    pr.has_arg2 = true;
    scan_param_word(pr.arg2, in_dq, false, "}", p);
  }
}

// @ and one letter: a transformation such as ${x@Q}.
void Lexer::scan_param_transform(ast::Param& pr, Pos p) {
  r_.advance();
  int t = r_.cur();
  if (t < 0 || t == '}') error(p, "bad substitution");
  r_.advance();
  pr.op = ast::ParamOp::Transform;
  pr.transform = static_cast<char>(t);
}

void Lexer::scan_param_word(Word& out, bool in_dq, bool pattern, const char* stops, Pos p) {
  int bracket = 0;
  int brace = 0;
  for (;;) {
    int c = r_.cur();
    if (c < 0) error(p, "unterminated parameter expansion ${");
    if (c && bracket == 0 && brace == 0 && std::strchr(stops, c)) return;
    Pos cp = r_.pos();
    switch (c) {
      case '\\': {
        r_.advance();
        int c2 = r_.peek_raw(0);
        if (c2 < 0) continue;
        if (in_dq && !pattern && !(c2 == '$' || c2 == '`' || c2 == '"' || c2 == '\\' || c2 == '}')) {
          append_part(out, PK::Literal, "\\", cp);
          continue;
        }
        r_.advance();
        char ch = static_cast<char>(c2);
        append_part(out, PK::Escaped, std::string_view(&ch, 1), cp);
        continue;
      }
      case '\'':
        if (in_dq && !pattern) break;
        scan_single_quote(out, cp);
        continue;
      case '"': scan_double_quote(out, cp); continue;
      case '$':
        if (in_dq && r_.peek_raw(1) == '\'') {
          // $'...' in the argument of ${x%...} or ${u-...} is quoted text even inside double
          // quotes (bash; git's prompt script relies on it).
          r_.advance();
          scan_dollar_single(out, cp);
          continue;
        }
        scan_dollar(out, in_dq);
        continue;
      case '`': scan_backquote(out, in_dq); continue;
      case '[':
        if (std::strchr(stops, ']')) ++bracket;
        break;
      case ']':
        if (bracket) --bracket;
        break;
      case '{': ++brace; break;
      case '}':
        if (brace) --brace;
        break;
      default: break;
    }
    r_.advance();
    char ch = static_cast<char>(c);
    append_part(out, PK::Literal, std::string_view(&ch, 1), cp);
  }
}

}  // namespace fdsh::lex
