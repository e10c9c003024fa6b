// lex/lexer.cpp — token recognition (XCU 2.3): operators (with the fd forms 2>&1, {var}>,
// &>, <<<), comments, and here-document bodies (XCU 2.7.4). The words themselves (quoting,
// XCU 2.2, and the structure of expansions, XCU 2.6) are scanned in lexer_words.cpp.
#include "lex/lexer.hpp"

#include <cstring>

#include "lex/chars.hpp"

namespace fdsh::lex {

using ast::Pos;
using ast::Word;
using ast::WordPart;
using PK = ast::WordPart::Kind;

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

void Lexer::error(Pos p, const std::string& msg, std::uint32_t width) {
  std::uint32_t end = width > 1 ? p.col + width : 0;
  throw diag::Error(diag::Location{r_.name(), p.line, p.col, end}, msg, r_.line_text(p.line), true);
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
  r.set_source(at.source);
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
