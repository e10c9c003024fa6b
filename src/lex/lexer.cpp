// lex/lexer.cpp — token recognition (XCU 2.3), quoting (XCU 2.2), the structure of
// expansions inside words (XCU 2.6), and here-document bodies (XCU 2.7.4).
#include "lex/lexer.hpp"

#include <cstring>

#include "util/stack.hpp"
#include "util/text.hpp"

namespace fdsh::lex {

using ast::Pos;
using ast::Word;
using ast::WordPart;
using PK = ast::WordPart::Kind;

namespace {

bool is_name_start(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(int c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_special_param(int c) { return c && std::strchr("@*#?-$!", c) != nullptr; }
bool is_word_end(int c) { return c < 0 || (c && std::strchr(" \t\n;&|()<>", c) != nullptr); }

// Nesting limit of words inside words ($( $( ... ) ), ${ ${ } }), checked before recursing.
constexpr int kMaxWordDepth = 20000;

}  // namespace

const char* tok_name(Tok t) {
  switch (t) {
    case Tok::Word: return "word";
    case Tok::Newline: return "newline";
    case Tok::Eof: return "end of file";
    case Tok::AndIf: return "&&";
    case Tok::OrIf: return "||";
    case Tok::DSemi: return ";;";
    case Tok::SemiAnd: return ";&";
    case Tok::DSemiAnd: return ";;&";
    case Tok::Semi: return ";";
    case Tok::Amp: return "&";
    case Tok::Pipe: return "|";
    case Tok::PipeAmp: return "|&";
    case Tok::LParen: return "(";
    case Tok::RParen: return ")";
    case Tok::Less: return "<";
    case Tok::Great: return ">";
    case Tok::DGreat: return ">>";
    case Tok::Clobber: return ">|";
    case Tok::LessAnd: return "<&";
    case Tok::GreatAnd: return ">&";
    case Tok::LessGreat: return "<>";
    case Tok::DLess: return "<<";
    case Tok::DLessDash: return "<<-";
    case Tok::TLess: return "<<<";
    case Tok::AndGreat: return "&>";
    case Tok::AndDGreat: return "&>>";
  }
  return "?";
}

void append_part(Word& w, PK k, std::string_view text, Pos p) {
  if (!w.empty() && w.back().kind == k && (k == PK::Literal || k == PK::Escaped)) {
    w.back().text += text;
    return;
  }
  WordPart part;
  part.kind = k;
  part.text = std::string(text);
  part.pos = p;
  w.push_back(std::move(part));
}

bool word_literal(const Word& w, std::string& out) {
  out.clear();
  for (const WordPart& p : w) {
    if (p.kind != PK::Literal) return false;
    out += p.text;
  }
  return true;
}

bool word_is(const Word& w, std::string_view s) {
  return w.size() == 1 && w[0].kind == PK::Literal && w[0].text == s;
}

static void plain_text(const Word& w, std::string& out, bool& quoted) {
  for (const WordPart& p : w) {
    switch (p.kind) {
      case PK::Literal: out += p.text; break;
      case PK::SingleQuoted:
      case PK::Escaped: out += p.text; quoted = true; break;
      case PK::DoubleQuoted: quoted = true; plain_text(p.parts, out, quoted); break;
      case PK::Param:
        out += '$';
        if (p.param) out += p.param->name;
        break;
      default: out += '$'; break;
    }
  }
}

std::string word_plain_text(const Word& w, bool& quoted) {
  std::string out;
  quoted = false;
  plain_text(w, out, quoted);
  return out;
}

void Lexer::error(Pos p, const std::string& msg) {
  throw diag::Error(diag::Location{r_.name(), p.line, p.col}, msg, r_.line_text(p.line), true);
}

void Lexer::charge_retry(std::size_t cost, Pos p) {
  if (!retry_left_) return;
  if (cost < *retry_left_) {
    *retry_left_ -= cost;
    return;
  }
  *retry_left_ = 0;
  error(p, "input too complex: '((' and '$((' re-read too often as commands (write '( (' for nested subshells)");
}

void Lexer::skip_blanks() {
  for (;;) {
    int c = r_.cur();
    if (c != ' ' && c != '\t') return;
    r_.advance();
  }
}

Token Lexer::next() {
  std::size_t begin = 0;
  Token t = next_token(begin);
  t.begin = begin;
  if (t.end == 0) t.end = r_.offset();
  return t;
}

Token Lexer::next_token(std::size_t& begin) {
  for (;;) {
    skip_blanks();
    int c = r_.cur();
    Pos p = r_.pos();
    begin = r_.offset();
    if (c == '#') {
      while (r_.peek_raw(0) >= 0 && r_.peek_raw(0) != '\n') r_.advance();
      continue;
    }
    Token t;
    t.pos = p;
    if (c < 0) {
      if (!pending_.empty()) read_heredocs();
      t.type = Tok::Eof;
      return t;
    }
    if (c == '\n') {
      r_.advance();
      t.end = r_.offset();
      read_heredocs();
      t.type = Tok::Newline;
      return t;
    }
    if ((c == '<' || c == '>') && r_.peek_raw(1) == '(') {
      t.type = Tok::Word;
      scan_word(t.word, true);
      return t;
    }
    if (std::strchr(";&|()<>", c)) return scan_operator(c, p);
    t.type = Tok::Word;
    scan_word(t.word, true);
    int n = r_.cur();
    if (n == '<' || n == '>') {
      std::string lit;
      if (word_literal(t.word, lit) && !lit.empty()) {
        bool digits = true;
        for (char ch : lit) digits = digits && is_digit(ch);
        if (digits) {
          Token op = scan_operator(n, p);
          op.io_number = lit.size() > 9 ? -2 : std::stoi(lit);
          return op;
        }
        if (lit.size() > 2 && lit.front() == '{' && lit.back() == '}') {
          bool name = is_name_start(lit[1]);
          std::size_t stop = lit.size() - 1;
          // {name[index]}: an array element names the fd.
          if (lit[stop - 1] == ']' && lit.find('[') != std::string::npos) stop = lit.find('[');
          for (std::size_t i = 1; i < stop; ++i) name = name && is_name_char(lit[i]);
          if (name) {
            Token op = scan_operator(n, p);
            op.io_var = lit.substr(1, lit.size() - 2);
            return op;
          }
        }
      }
    }
    return t;
  }
}

Token Lexer::scan_operator(int c, Pos p) {
  Token t;
  t.pos = p;
  r_.advance();
  int n = r_.cur();
  switch (c) {
    case ';':
      if (n == ';') {
        r_.advance();
        if (r_.cur() == '&') {
          r_.advance();
          t.type = Tok::DSemiAnd;
        } else {
          t.type = Tok::DSemi;
        }
      } else if (n == '&') {
        r_.advance();
        t.type = Tok::SemiAnd;
      } else {
        t.type = Tok::Semi;
      }
      break;
    case '&':
      if (n == '&') {
        r_.advance();
        t.type = Tok::AndIf;
      } else if (n == '>') {
        r_.advance();
        if (r_.cur() == '>') {
          r_.advance();
          t.type = Tok::AndDGreat;
        } else {
          t.type = Tok::AndGreat;
        }
      } else {
        t.type = Tok::Amp;
      }
      break;
    case '|':
      if (n == '|') {
        r_.advance();
        t.type = Tok::OrIf;
      } else if (n == '&') {
        r_.advance();
        t.type = Tok::PipeAmp;
      } else {
        t.type = Tok::Pipe;
      }
      break;
    case '(': t.type = Tok::LParen; break;
    case ')': t.type = Tok::RParen; break;
    case '<':
      if (n == '<') {
        r_.advance();
        int m = r_.cur();
        if (m == '-') {
          r_.advance();
          t.type = Tok::DLessDash;
        } else if (m == '<') {
          r_.advance();
          t.type = Tok::TLess;
        } else {
          t.type = Tok::DLess;
        }
      } else if (n == '&') {
        r_.advance();
        t.type = Tok::LessAnd;
      } else if (n == '>') {
        r_.advance();
        t.type = Tok::LessGreat;
      } else {
        t.type = Tok::Less;
      }
      break;
    case '>':
      if (n == '>') {
        r_.advance();
        t.type = Tok::DGreat;
      } else if (n == '&') {
        r_.advance();
        t.type = Tok::GreatAnd;
      } else if (n == '|') {
        r_.advance();
        t.type = Tok::Clobber;
      } else {
        t.type = Tok::Great;
      }
      break;
  }
  return t;
}

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

void Lexer::scan_brace_param(Word& w, bool in_dq, Pos p) {
  if (++depth_ > kMaxWordDepth || util::stack_exhausted()) {
    --depth_;
    error(p, "maximum nesting depth " + std::to_string(kMaxWordDepth) + " exceeded");
  }
  auto param = std::make_shared<ast::Param>();
  ast::Param& pr = *param;
  auto read_name = [&]() -> bool {
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
  };
  auto bad = [&]() { error(p, "bad substitution"); };
  auto read_index = [&]() {
    if (r_.cur() == '[' && (is_name_start(pr.name[0]))) {
      r_.advance();
      pr.has_index = true;
      scan_param_word(pr.index, false, false, "]", p);
      if (r_.cur() != ']') bad();
      r_.advance();
    }
  };

  int c = r_.cur();
  if (c == '#') {
    r_.advance();
    int c2 = r_.cur();
    if (c2 == '}') {
      pr.name = "#";
    } else if (is_name_start(c2) || is_digit(c2) ||
               (is_special_param(c2) && r_.peek_raw(1) == '}') || (c2 == '@' || c2 == '*')) {
      pr.op = ast::ParamOp::Length;
      read_name();
      read_index();
      if (r_.cur() != '}') bad();
    } else {
      pr.name = "#";
    }
  } else if (c == '!') {
    r_.advance();
    int c2 = r_.cur();
    if (c2 == '}') {
      pr.name = "!";
    } else {
      if (!read_name()) bad();
      pr.indirect = true;
      pr.op = ast::ParamOp::Indirect;
      if ((r_.cur() == '*' || r_.cur() == '@') && r_.peek_raw(1) == '}') {
        pr.op = ast::ParamOp::NamesPrefix;
        pr.transform = static_cast<char>(r_.cur());
        r_.advance();
      } else {
        read_index();
        if (pr.has_index && pr.index.size() == 1 && pr.index[0].kind == PK::Literal &&
            (pr.index[0].text == "@" || pr.index[0].text == "*")) {
          pr.op = ast::ParamOp::Keys;
        }
      }
    }
  } else {
    if (!read_name()) bad();
    read_index();
  }

  if (pr.op == ast::ParamOp::None || pr.op == ast::ParamOp::Indirect) {
    bool indirect = pr.op == ast::ParamOp::Indirect;
    c = r_.cur();
    auto simple_op = [&](ast::ParamOp op) {
      pr.op = op;
      r_.advance();
      scan_param_word(pr.arg, in_dq, false, "}", p);
    };
    auto pattern_op = [&](ast::ParamOp small, ast::ParamOp large, char ch) {
      r_.advance();
      pr.op = small;
      if (r_.cur() == ch) {
        r_.advance();
        pr.op = large;
      }
      scan_param_word(pr.arg, in_dq, true, "}", p);
    };
    switch (c) {
      case '}': break;
      case ':': {
        r_.advance();
        int n = r_.cur();
        if (n == '-' || n == '=' || n == '?' || n == '+') {
          pr.colon = true;
          simple_op(n == '-' ? ast::ParamOp::Default
                    : n == '=' ? ast::ParamOp::Assign
                    : n == '?' ? ast::ParamOp::Error
                               : ast::ParamOp::Alternate);
        } else {
          pr.op = ast::ParamOp::Substring;
          scan_param_word(pr.arg, false, false, ":}", p);
          if (r_.cur() == ':') {
            r_.advance();
            pr.has_arg2 = true;
            scan_param_word(pr.arg2, false, false, "}", p);
          }
        }
        break;
      }
      case '-': simple_op(ast::ParamOp::Default); break;
      case '=': simple_op(ast::ParamOp::Assign); break;
      case '?': simple_op(ast::ParamOp::Error); break;
      case '+': simple_op(ast::ParamOp::Alternate); break;
      case '#': pattern_op(ast::ParamOp::RemSmallPrefix, ast::ParamOp::RemLargePrefix, '#'); break;
      case '%': pattern_op(ast::ParamOp::RemSmallSuffix, ast::ParamOp::RemLargeSuffix, '%'); break;
      case '^': pattern_op(ast::ParamOp::UpperFirst, ast::ParamOp::UpperAll, '^'); break;
      case ',': pattern_op(ast::ParamOp::LowerFirst, ast::ParamOp::LowerAll, ','); break;
      case '/': {
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
        break;
      }
      case '@': {
        r_.advance();
        int t = r_.cur();
        if (t < 0 || t == '}') bad();
        r_.advance();
        pr.op = ast::ParamOp::Transform;
        pr.transform = static_cast<char>(t);
        break;
      }
      default:
        if (c < 0) error(p, "unterminated parameter expansion ${");
        bad();
    }
    if (indirect && pr.op != ast::ParamOp::Indirect) pr.indirect = true;
  }
  if (r_.cur() < 0) error(p, "unterminated parameter expansion ${");
  if (r_.cur() != '}') bad();
  r_.advance();
  --depth_;
  WordPart part;
  part.kind = PK::Param;
  part.pos = p;
  part.param = std::move(param);
  w.push_back(std::move(part));
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
      case '$': scan_dollar(out, in_dq); continue;
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

void Lexer::read_heredocs() {
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& h : pending) read_one_heredoc(*h);
}

void Lexer::read_one_heredoc(ast::HereDoc& h) {
  // Quoted bodies larger than this go to the shell's spill file as they are read, so a
  // here-document of any size is read in bounded memory.
  constexpr std::size_t kSpillAt = std::size_t{8} << 20;
  Pos start = r_.pos();
  std::string body;
  std::shared_ptr<ast::SpilledBody> spilled;
  for (;;) {
    if (r_.at_end()) {
      error(start, "here-document delimited by end of file (wanted '" + h.delimiter + "')");
    }
    std::string line;
    for (;;) {
      int c = r_.peek_raw(0);
      if (c < 0) break;
      r_.advance();
      if (c == '\n') break;
      line += static_cast<char>(c);
      if (!h.quoted && c == '\\' && r_.peek_raw(0) == '\n') {
        // Line continuation inside an unquoted body: join with the next line.
        std::size_t bs = 0;
        for (std::size_t i = line.size(); i-- > 0 && line[i] == '\\';) ++bs;
        if (bs % 2 == 1) {
          line.pop_back();
          r_.advance();
        }
      }
    }
    std::string cmp = line;
    if (h.strip_tabs) {
      std::size_t i = 0;
      while (i < line.size() && line[i] == '\t') ++i;
      line.erase(0, i);
      cmp = line;
    }
    if (cmp == h.delimiter) break;
    body += line;
    body += '\n';
    if (h.quoted && spill_ && body.size() >= kSpillAt) {
      if (!spilled) spilled = spill_();
      if (spilled) {
        if (!spilled->append(body)) error(start, "here-document: cannot store the body");
        spilled->size += body.size();
        body.clear();
        body.shrink_to_fit();
        r_.forget_consumed();
      }
    }
  }
  if (spilled) {
    if (!body.empty() && !spilled->append(body)) error(start, "here-document: cannot store the body");
    spilled->size += body.size();
    h.spilled = std::move(spilled);
    h.body.clear();
  } else if (h.quoted) {
    h.body.clear();
    if (!body.empty()) {
      WordPart part;
      part.kind = PK::SingleQuoted;
      part.text = std::move(body);
      h.body.push_back(std::move(part));
    }
  } else {
    h.body = heredoc_ ? heredoc_(body, start) : parse_heredoc_text(body, r_.name(), start, sub_, text_);
  }
  h.complete = true;
}

Word parse_heredoc_text(const std::string& body, const std::string& name, Pos at, const SubParser& sub,
                        const TextParser& text) {
  Word out;
  if (body.find_first_of("$`\\") == std::string::npos) {
    if (!body.empty()) append_part(out, PK::Literal, body, at);
    return out;
  }
  Reader r(name, body);
  Lexer lx(r, sub, text);
  return lx.scan_heredoc_body(at);
}

Word Lexer::scan_heredoc_body(Pos at) {
  Word out;
  Reader& r = r_;
  Lexer& lx = *this;
  // Inside a here-document only $, ` and \ before $ ` \ newline are special.
  for (;;) {
    int c = r.peek_raw(0);
    if (c < 0) break;
    if (c == '\\') {
      int c2 = r.peek_raw(1);
      if (c2 == '$' || c2 == '`' || c2 == '\\') {
        r.advance();
        r.advance();
        char ch = static_cast<char>(c2);
        append_part(out, PK::Escaped, std::string_view(&ch, 1), at);
        continue;
      }
      if (c2 == '\n') {
        r.advance();
        r.advance();
        continue;
      }
    }
    if (c == '$') {
      lx.scan_dollar_public(out);
      continue;
    }
    if (c == '`') {
      lx.scan_backquote_public(out);
      continue;
    }
    r.advance();
    char ch = static_cast<char>(c);
    append_part(out, PK::Literal, std::string_view(&ch, 1), at);
  }
  return out;
}

}  // namespace fdsh::lex
