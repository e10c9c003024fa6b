// parse/parser.cpp — the POSIX shell grammar (XCU 2.10.2) by recursive descent: complete
// commands, lists, and-or lists, pipelines (and bash's |&), simple commands with their
// assignments and redirections, reserved words in context (XCU 2.4) and aliases
// (XCU 2.3.1). Compound commands, function definitions and [[ ]] are in parser_compound.cpp.
#include "parse/parser.hpp"

#include <map>
#include <optional>
#include <tuple>

#include "parse/parser_detail.hpp"

namespace fdsh::parse {

using ast::NodePtr;
using ast::Pos;
using lex::Tok;
using lex::Token;
using PK = ast::WordPart::Kind;
using detail::DepthGuard;
using detail::is_redirect_tok;

namespace {

const char* const kReserved[] = {"if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while",
                                 "until", "for", "{", "}", "!", "in", "function", "select", "[[", "]]",
                                 "time", "coproc"};

}  // namespace

// Results of parsing nested text (backquote bodies, here-document bodies) by where the text
// starts and what it is. When `((` or `$((` is tried as arithmetic and then read again as
// commands, the same nested text comes round again; parsing it once keeps nested retries
// linear instead of multiplying at every level.
struct Parser::NestedMemo {
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::string>;
  template <class T>
  struct Result {
    T value{};
    std::optional<diag::Error> error;
  };
  std::map<Key, Result<NodePtr>> text;
  std::map<Key, Result<ast::Word>> heredoc;
  // `$(` bodies that failed to parse, by source offset: an arithmetic attempt that fails
  // reads the same `$(` again, and each failure would otherwise be found again (and thrown
  // through every nested frame) once per enclosing level.
  std::map<std::size_t, diag::Error> failed_subst;

  template <class T, class F>
  static T get(std::map<Key, Result<T>>& m, Pos at, const std::string& body, F&& parse) {
    Key k{at.line, at.col, body};
    auto it = m.find(k);
    if (it == m.end()) {
      Result<T> r;
      try {
        r.value = parse();
      } catch (const diag::Error& e) {
        r.error = e;
      }
      it = m.emplace(std::move(k), std::move(r)).first;
    }
    if (it->second.error) throw *it->second.error;
    return it->second.value;
  }
};

Parser::Parser(lex::Reader& r, ParseOptions opts)
    : r_(r), opts_(std::move(opts)), memo_(std::make_unique<NestedMemo>()) {
  if (!opts_.retry_budget) {
    opts_.retry_budget = std::make_shared<std::size_t>(kMaxRetryWork);
    owns_budget_ = true;
  }
  auto sub = [this](lex::Lexer& lx) -> NodePtr {
    (void)lx;
    return parse_subst_body();
  };
  ParseOptions inner = opts_;
  NestedMemo* memo = memo_.get();
  auto text = [inner, memo](const std::string& t, Pos at) -> NodePtr {
    return NestedMemo::get(memo->text, at, t, [&] { return parse_text("`...`", t, inner); });
  };
  auto heredoc = [inner, memo](const std::string& body, Pos at) -> ast::Word {
    if (body.find_first_of("$`\\") == std::string::npos) {
      ast::Word w;
      if (!body.empty()) lex::append_part(w, PK::Literal, body, at);
      return w;
    }
    return NestedMemo::get(memo->heredoc, at, body, [&] {
      lex::Reader r("here-document", body);
      r.set_source(at.source);
      Parser p(r, inner);
      return p.lx_->scan_heredoc_body(at);
    });
  };
  lx_ = std::make_unique<lex::Lexer>(r_, sub, text, heredoc);
  lx_->set_spill(opts_.spill);
  lx_->set_retry_budget(opts_.retry_budget.get());
  lx_->set_extglob(opts_.extglob);
  lx_->set_extglob_flag(opts_.extglob_live);
}

Parser::~Parser() = default;

NodePtr Parser::parse_subst_body() {
  // A failure does not depend on where the `$(` is read from, unless here-documents are
  // waiting for their bodies, an alias is being expanded or the nesting limit was hit.
  std::size_t at = r_.offset();
  bool memo = !r_.in_alias() && !lx_->heredocs_pending();
  if (memo) {
    auto it = memo_->failed_subst.find(at);
    if (it != memo_->failed_subst.end()) {
      lx_->charge_retry(lex::retry_cost(0, depth_), r_.pos());
      throw it->second;
    }
  }
  try {
    return parse_subst_list();
  } catch (const diag::Error& e) {
    if (memo && !lx_->retry_exhausted() && e.message().rfind("maximum nesting depth", 0) != 0)
      memo_->failed_subst.emplace(at, e);
    throw;
  }
}

NodePtr Parser::parse_subst_list() {
  // Called by the lexer right after "$(": parse a list up to the matching ')'.
  // Save our lookahead: the outer word is still being scanned, so there is none.
  bool had = have_;
  Token saved = std::move(tok_);
  have_ = false;
  bool alias_next = alias_next_;
  alias_next_ = false;
  Pos p = r_.pos();
  DepthGuard g(depth_, *lx_, p);
  NodePtr body = parse_compound_list(true);
  skip_newlines();
  if (!peek_is(Tok::RParen)) unexpected(peek(), "in command substitution");
  have_ = false;  // consume ')' without reading further
  have_ = had;
  tok_ = std::move(saved);
  alias_next_ = alias_next;
  if (!body) body = std::make_shared<ast::List>();
  return body;
}

const Token& Parser::peek() {
  if (!have_) {
    tok_ = lx_->next();
    have_ = true;
  }
  return tok_;
}

Token Parser::take() {
  peek();
  have_ = false;
  return std::move(tok_);
}

void Parser::expand_command_aliases() {
  for (int guard = 0; guard < 1000; ++guard) {
    // Only a word that is an alias is touched (try_alias would also forget that the last
    // alias ended with a blank, which the next word of a simple command still needs).
    const Token& t = peek();
    std::string lit;
    if (!opts_.aliases || t.type != Tok::Word || !lex::word_literal(t.word, lit) || lit.empty()) return;
    const std::string* val = opts_.aliases(lit);
    if (!val || r_.alias_active(lit) || !try_alias(true)) return;
    // An alias that expanded to nothing leaves the rest of its line: an empty command.
    if (val->find_first_not_of(" \t") == std::string::npos) skip_newlines();
  }
}

bool Parser::peek_word(std::string_view w) {
  // Reserved words that start or end a part of a compound command stand where a command
  // would: an alias there is expanded first (alias fi='fi', alias not='! ').
  if (w == "then" || w == "elif" || w == "else" || w == "fi" || w == "do" || w == "done" || w == "}" ||
      w == "!" || w == "time")
    expand_command_aliases();
  const Token& t = peek();
  return t.type == Tok::Word && lex::word_is(t.word, w);
}

void Parser::skip_newlines() {
  while (peek_is(Tok::Newline)) take();
}

bool Parser::at_eof() { return peek_is(Tok::Eof); }

void Parser::unexpected(const Token& t, const char* context) {
  std::string what;
  if (t.type == Tok::Word) {
    bool q;
    what = "'" + lex::word_plain_text(t.word, q) + "'";
  } else if (t.type == Tok::Eof) {
    what = "end of file";
  } else if (t.type == Tok::Newline) {
    what = "newline";
  } else {
    what = std::string("'") + lex::tok_name(t.type) + "'";
  }
  std::string msg = "syntax error: unexpected " + what;
  if (context) {
    msg += ' ';
    msg += context;
  }
  // The whole token is marked when it is one piece of the main text on one line.
  std::uint32_t width = 0;
  if (t.type != Tok::Eof && t.type != Tok::Newline && t.end > t.begin && t.end - t.begin < 256)
    width = static_cast<std::uint32_t>(t.end - t.begin);
  lx_->error(t.pos, msg, width);
}

void Parser::expect_word(std::string_view w, const char* context) {
  if (!peek_word(w)) unexpected(peek(), context);
  take();
}

bool Parser::peek_reserved_terminator() {
  expand_command_aliases();  // the next command's first word may be an alias of `fi`, `}`...
  const Token& t = peek();
  switch (t.type) {
    case Tok::Eof: case Tok::RParen: case Tok::DSemi: case Tok::SemiAnd: case Tok::DSemiAnd:
      return true;
    case Tok::Word: {
      if (t.word.size() != 1 || t.word[0].kind != PK::Literal) return false;
      const std::string& s = t.word[0].text;
      return s == "then" || s == "else" || s == "elif" || s == "fi" || s == "do" || s == "done" ||
             s == "esac" || s == "}";
    }
    default:
      return false;
  }
}

NodePtr Parser::next_command() {
  if (owns_budget_) *opts_.retry_budget = kMaxRetryWork;
  for (;;) {
    skip_newlines();
    expand_command_aliases();  // an alias of nothing is an empty line
    if (peek_is(Tok::Eof)) {
      have_ = false;
      return nullptr;
    }
    auto list = std::make_shared<ast::List>();
    list->pos = peek().pos;
    for (;;) {
      NodePtr cmd = parse_and_or();
      ast::List::Item item{cmd, false};
      const Token& t = peek();
      if (t.type == Tok::Amp || t.type == Tok::Semi) {
        item.async = t.type == Tok::Amp;
        take();
        list->items.push_back(std::move(item));
        if (peek_is(Tok::Newline)) {
          have_ = false;  // consume the newline; do not read further yet
          break;
        }
        if (peek_is(Tok::Eof)) break;
        continue;
      }
      list->items.push_back(std::move(item));
      if (t.type == Tok::Newline) {
        have_ = false;
        break;
      }
      if (t.type == Tok::Eof) break;
      unexpected(t);
    }
    return list;
  }
}

NodePtr Parser::parse_all() {
  auto list = std::make_shared<ast::List>();
  while (NodePtr c = next_command()) {
    auto& l = static_cast<ast::List&>(*c);
    for (auto& it : l.items) list->items.push_back(std::move(it));
  }
  return list;
}

NodePtr Parser::parse_compound_list(bool allow_empty) {
  skip_newlines();
  auto list = std::make_shared<ast::List>();
  list->pos = peek().pos;
  for (;;) {
    if (peek_reserved_terminator()) break;
    NodePtr cmd = parse_and_or();
    ast::List::Item item{cmd, false};
    const Token& t = peek();
    if (t.type == Tok::Amp || t.type == Tok::Semi) {
      item.async = t.type == Tok::Amp;
      take();
      list->items.push_back(std::move(item));
      skip_newlines();
      continue;
    }
    list->items.push_back(std::move(item));
    if (t.type == Tok::Newline) {
      skip_newlines();
      continue;
    }
    break;
  }
  if (list->items.empty()) {
    if (allow_empty) return nullptr;
    unexpected(peek());
  }
  return list;
}

NodePtr Parser::parse_and_or() {
  NodePtr first = parse_pipeline();
  if (!peek_is(Tok::AndIf) && !peek_is(Tok::OrIf)) return first;
  auto ao = std::make_shared<ast::AndOr>();
  ao->pos = first->pos;
  ao->items.push_back(first);
  while (peek_is(Tok::AndIf) || peek_is(Tok::OrIf)) {
    ao->ops.push_back(take().type == Tok::AndIf ? ast::AndOrOp::And : ast::AndOrOp::Or);
    skip_newlines();
    ao->items.push_back(parse_pipeline());
  }
  return ao;
}

NodePtr Parser::parse_pipeline() {
  Pos p = peek().pos;
  DepthGuard g(depth_, *lx_, p);
  if (peek_word("time")) {
    take();
    auto t = std::make_shared<ast::Time>();
    t->pos = p;
    if (peek_word("-p")) {
      take();
      t->posix = true;
    }
    const Token& n = peek();
    if (n.type == Tok::Newline || n.type == Tok::Eof || n.type == Tok::Semi || n.type == Tok::Amp) return t;
    t->body = parse_pipeline();
    return t;
  }
  bool bang = false;
  while (peek_word("!")) {
    take();
    bang = !bang;
  }
  NodePtr first = parse_command();
  if (!peek_is(Tok::Pipe) && !peek_is(Tok::PipeAmp) && !bang) return first;
  auto pl = std::make_shared<ast::Pipeline>();
  pl->pos = p;
  pl->bang = bang;
  pl->cmds.push_back(first);
  while (peek_is(Tok::Pipe) || peek_is(Tok::PipeAmp)) {
    pl->pipe_stderr.push_back(take().type == Tok::PipeAmp);
    skip_newlines();
    pl->cmds.push_back(parse_command());
  }
  return pl;
}

bool Parser::try_alias(bool command_position) {
  if (!opts_.aliases) return false;
  if (!command_position && !alias_next_ && !r_.alias_ended_with_blank()) return false;
  r_.clear_alias_blank();
  const Token& t = peek();
  if (t.type != Tok::Word) return false;
  std::string lit;
  if (!lex::word_literal(t.word, lit) || lit.empty()) return false;
  const std::string* val = opts_.aliases(lit);
  if (!val || r_.alias_active(lit)) return false;
  // The token has been read; push the alias text in its place.
  have_ = false;
  r_.push_alias(*val, lit);
  alias_next_ = false;
  return true;
}

NodePtr Parser::parse_command() {
  for (int guard = 0; guard < 1000; ++guard) {
    const Token& t = peek();
    if (t.type == Tok::Word && t.word.size() == 1 && t.word[0].kind == PK::Literal) {
      const std::string& w = t.word[0].text;
      for (const char* kw : kReserved) {
        if (w == kw) {
          if (w == "then" || w == "else" || w == "elif" || w == "fi" || w == "do" || w == "done" ||
              w == "esac" || w == "}" || w == "in" || w == "]]")
            unexpected(t);
          if (w == "!" || w == "time") break;
          return parse_compound(std::string(w));
        }
      }
    }
    if (t.type == Tok::LParen) return parse_subshell_or_arith();
    if (try_alias(true)) continue;
    return parse_simple();
  }
  lx_->error(peek().pos, "alias expansion loops");
}

bool Parser::parse_redirect(std::vector<ast::Redir>& out) {
  Token op = take();
  ast::Redir r;
  r.pos = op.pos;
  r.fd = op.io_number;
  r.fd_var = op.io_var;
  if (op.io_number == -2) r.fd = kFdTooLarge;
  switch (op.type) {
    case Tok::Less: r.op = ast::RedirOp::In; break;
    case Tok::Great: r.op = ast::RedirOp::Out; break;
    case Tok::DGreat: r.op = ast::RedirOp::Append; break;
    case Tok::Clobber: r.op = ast::RedirOp::Clobber; break;
    case Tok::LessAnd: r.op = ast::RedirOp::DupIn; break;
    case Tok::GreatAnd: r.op = ast::RedirOp::DupOut; break;
    case Tok::LessGreat: r.op = ast::RedirOp::ReadWrite; break;
    case Tok::DLess:
    case Tok::DLessDash: r.op = ast::RedirOp::HereDoc; break;
    case Tok::TLess: r.op = ast::RedirOp::HereString; break;
    case Tok::AndGreat: r.op = ast::RedirOp::OutErr; break;
    case Tok::AndDGreat: r.op = ast::RedirOp::AppendErr; break;
    default: unexpected(op);
  }
  Token target = take();
  if (target.type != Tok::Word) unexpected(target, "after redirection operator");
  r.target = std::move(target.word);
  if (r.op == ast::RedirOp::HereDoc) {
    auto h = std::make_shared<ast::HereDoc>();
    bool quoted = false;
    h->delimiter = lex::word_plain_text(r.target, quoted);
    h->quoted = quoted;
    h->strip_tabs = op.type == Tok::DLessDash;
    r.heredoc = h;
    lx_->add_heredoc(h);
  }
  out.push_back(std::move(r));
  return true;
}

bool Parser::try_assignment(Token& t, ast::Simple& s) {
  if (t.word.empty() || t.word[0].kind != PK::Literal) return false;
  const std::string& first = t.word[0].text;
  std::size_t i = 0;
  if (i >= first.size() || !(std::isalpha(static_cast<unsigned char>(first[0])) || first[0] == '_')) return false;
  while (i < first.size() && (std::isalnum(static_cast<unsigned char>(first[i])) || first[i] == '_')) ++i;
  ast::Assign a;
  a.pos = t.pos;
  a.name = first.substr(0, i);
  ast::Word rest;
  std::size_t part_idx = 0;
  std::size_t off = i;
  if (i < first.size() && first[i] == '[') {
    // NAME[index]=value: the index may span several parts.
    a.has_index = true;
    int depth = 0;
    std::size_t pi = 0, ci = i + 1;
    bool found = false;
    for (; pi < t.word.size() && !found; ++pi, ci = 0) {
      const ast::WordPart& part = t.word[pi];
      if (part.kind != PK::Literal) {
        if (pi > 0 || ci > 0) a.index.push_back(part);
        continue;
      }
      for (; ci < part.text.size(); ++ci) {
        char c = part.text[ci];
        if (c == '[') ++depth;
        if (c == ']') {
          if (depth == 0) {
            found = true;
            break;
          }
          --depth;
        }
        lex::append_part(a.index, PK::Literal, std::string_view(&c, 1));
      }
      if (found) break;
    }
    if (!found) return false;
    const std::string& txt = t.word[pi].text;
    std::size_t k = ci + 1;
    if (k < txt.size() && txt[k] == '+') {
      a.append = true;
      ++k;
    }
    if (k >= txt.size() || txt[k] != '=') return false;
    part_idx = pi;
    off = k + 1;
  } else {
    if (i < first.size() && first[i] == '+') {
      a.append = true;
      ++i;
    }
    if (i >= first.size() || first[i] != '=') return false;
    off = i + 1;
  }
  const std::string& txt = t.word[part_idx].text;
  if (off < txt.size()) lex::append_part(a.value, PK::Literal, txt.substr(off), t.pos);
  for (std::size_t k = part_idx + 1; k < t.word.size(); ++k) a.value.push_back(std::move(t.word[k]));
  // NAME=( ... ) array literal: the word ends right at '=' and '(' follows.
  if (a.value.empty() && peek_is(Tok::LParen) && !a.has_index) {
    take();
    a.is_array = true;
    for (;;) {
      skip_newlines();
      if (peek_is(Tok::RParen)) {
        take();
        break;
      }
      Token w = take();
      if (w.type != Tok::Word) unexpected(w, "in array assignment");
      a.array_words.push_back(std::move(w.word));
    }
  }
  s.assigns.push_back(std::move(a));
  return true;
}

NodePtr Parser::parse_simple() {
  auto s = std::make_shared<ast::Simple>();
  s->pos = peek().pos;
  bool alias_ok = true;
  for (;;) {
    const Token& t = peek();
    if (is_redirect_tok(t.type)) {
      parse_redirect(s->redirs);
      continue;
    }
    if (t.type != Tok::Word) break;
    if (s->words.empty()) {
      Token w = take();
      if (try_assignment(w, *s)) continue;
      // Put the token back to check for an alias after assignments.
      tok_ = std::move(w);
      have_ = true;
      if (alias_ok && (!s->assigns.empty() || !s->redirs.empty()) && try_alias(true)) continue;
      alias_ok = false;
      s->words.push_back(take().word);
      // name() compound-command: a function definition.
      if (s->assigns.empty() && s->redirs.empty() && peek_is(Tok::LParen)) {
        std::string nm;
        if (!lex::word_literal(s->words[0], nm) || nm.empty()) unexpected(peek());
        take();
        if (!peek_is(Tok::RParen)) unexpected(peek(), "in function definition (expected ')')");
        take();
        return parse_function_body(nm, s->pos);
      }
      continue;
    }
    if (r_.alias_ended_with_blank() && try_alias(false)) continue;
    r_.clear_alias_blank();
    alias_next_ = false;
    s->words.push_back(take().word);
    // declare/local/export/readonly/typeset NAME=(...): an array literal argument.
    std::string cmd, arg;
    if (peek_is(Tok::LParen) && lex::word_literal(s->words[0], cmd) &&
        ast::is_declaration_utility(cmd) &&
        !s->words.back().empty() && s->words.back().back().kind == PK::Literal &&
        !s->words.back().back().text.empty() && s->words.back().back().text.back() == '=') {
      take();
      std::vector<ast::Word> items;
      for (;;) {
        skip_newlines();
        if (peek_is(Tok::RParen)) {
          take();
          break;
        }
        Token w = take();
        if (w.type != Tok::Word) unexpected(w, "in array assignment");
        items.push_back(std::move(w.word));
      }
      s->decl_arrays.emplace_back(s->words.size() - 1, std::move(items));
    }
  }
  if (s->words.empty() && s->assigns.empty() && s->redirs.empty()) unexpected(peek());
  alias_next_ = false;
  return s;
}

NodePtr parse_text(const std::string& name, const std::string& text, ParseOptions opts) {
  lex::Reader r(name, text);
  Parser p(r, std::move(opts));
  return p.parse_all();
}

ast::Word Parser::parse_expansion_text() { return lx_->scan_heredoc_body(r_.pos()); }

ast::Word parse_expansion_text(const std::string& name, const std::string& text) {
  lex::Reader r(name, text);
  Parser p(r);
  return p.parse_expansion_text();
}

}  // namespace fdsh::parse
