// parse/parser_compound.cpp — the compound commands of XCU 2.9.4 (if, while, until, for,
// case, { }, ( )) by recursive descent, function definitions (XCU 2.9.5), and bash's
// (( )), for (( )), select, function, coproc and [[ ]].
#include "parse/parser.hpp"

#include <cstring>

#include "parse/parser_detail.hpp"

namespace fdsh::parse {

using ast::Node;
using ast::NodePtr;
using ast::Pos;
using lex::Tok;
using lex::Token;
using PK = ast::WordPart::Kind;
using detail::DepthGuard;
using detail::is_name;
using detail::is_redirect_tok;

NodePtr Parser::parse_compound(const std::string& w) {
  Pos p = peek().pos;
  DepthGuard g(depth_, *lx_, p);
  NodePtr n;
  if (w == "if") {
    n = parse_if();
  } else if (w == "while" || w == "until") {
    n = parse_loop(w == "until");
  } else if (w == "for" || w == "select") {
    n = parse_for(w == "select");
  } else if (w == "case") {
    n = parse_case();
  } else if (w == "{") {
    n = parse_group();
  } else if (w == "[[") {
    n = parse_cond();
  } else if (w == "function") {
    take();
    Token name = take();
    std::string nm;
    if (name.type != Tok::Word || !lex::word_literal(name.word, nm) || nm.empty()) unexpected(name, "after 'function'");
    if (peek_is(Tok::LParen)) {
      take();
      if (!peek_is(Tok::RParen)) unexpected(peek(), "in function definition");
      take();
    }
    return parse_function_body(nm, p);
  } else if (w == "coproc") {
    take();
    auto c = std::make_shared<ast::Coproc>();
    c->pos = p;
    const Token& t = peek();
    std::string nm;
    if (t.type == Tok::Word && lex::word_literal(t.word, nm) && is_name(nm)) {
      // `coproc NAME { ...; }`: a name followed by a compound command.
      Token saved = take();
      const Token& n2 = peek();
      bool compound = n2.type == Tok::LParen ||
                      (n2.type == Tok::Word && (lex::word_is(n2.word, "{") || lex::word_is(n2.word, "while") ||
                                                lex::word_is(n2.word, "if") || lex::word_is(n2.word, "for") ||
                                                lex::word_is(n2.word, "until") || lex::word_is(n2.word, "case")));
      if (compound) {
        c->name = nm;
        c->body = parse_command();
      } else {
        // It was the command name of a simple command: put it back.
        auto s = std::make_shared<ast::Simple>();
        s->pos = saved.pos;
        s->words.push_back(saved.word);
        for (;;) {
          const Token& a = peek();
          if (a.type == Tok::Word) {
            s->words.push_back(take().word);
          } else if (is_redirect_tok(a.type)) {
            parse_redirect(s->redirs);
          } else {
            break;
          }
        }
        c->body = s;
      }
    } else {
      c->body = parse_command();
    }
    return c;
  } else {
    unexpected(peek());
  }
  parse_trailing_redirects(*n);
  return n;
}

void Parser::parse_trailing_redirects(Node& n) {
  while (is_redirect_tok(peek().type)) parse_redirect(n.redirs);
}

NodePtr Parser::parse_if() {
  auto n = std::make_shared<ast::If>();
  n->pos = take().pos;  // if
  NodePtr cond = parse_compound_list();
  expect_word("then", "in 'if' (expected 'then')");
  NodePtr body = parse_compound_list();
  n->branches.emplace_back(cond, body);
  for (;;) {
    if (peek_word("elif")) {
      take();
      NodePtr c = parse_compound_list();
      expect_word("then", "in 'elif' (expected 'then')");
      NodePtr b = parse_compound_list();
      n->branches.emplace_back(c, b);
      continue;
    }
    if (peek_word("else")) {
      take();
      n->else_body = parse_compound_list();
    }
    expect_word("fi", "in 'if' (expected 'fi')");
    return n;
  }
}

NodePtr Parser::parse_loop(bool until) {
  auto n = std::make_shared<ast::While>();
  n->pos = take().pos;
  n->until = until;
  n->cond = parse_compound_list();
  expect_word("do", "in loop (expected 'do')");
  n->body = parse_compound_list();
  expect_word("done", "in loop (expected 'done')");
  return n;
}

NodePtr Parser::parse_for(bool select) {
  Pos p = take().pos;
  if (!select && peek_is(Tok::LParen)) {
    // for (( init; cond; step ))
    take();
    if (r_.cur() != '(') unexpected(peek(), "after 'for'");
    r_.advance();
    auto n = std::make_shared<ast::ArithFor>();
    n->pos = p;
    ast::Word all = lx_->read_arith_until_close(p);
    // Split the text at top-level ';' characters.
    ast::Word* dest[3] = {&n->init, &n->cond, &n->step};
    int idx = 0;
    for (auto& part : all) {
      if (part.kind == PK::Literal) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < part.text.size(); ++i) {
          if (part.text[i] == ';') {
            if (i > start) lex::append_part(*dest[idx], PK::Literal, part.text.substr(start, i - start));
            if (idx < 2) ++idx;
            start = i + 1;
          }
        }
        if (start < part.text.size()) lex::append_part(*dest[idx], PK::Literal, part.text.substr(start));
      } else {
        dest[idx]->push_back(std::move(part));
      }
    }
    skip_newlines();
    if (peek_is(Tok::Semi)) take();
    skip_newlines();
    if (peek_word("{")) {
      n->body = parse_group();
      return n;
    }
    expect_word("do", "in 'for' (expected 'do')");
    n->body = parse_compound_list();
    expect_word("done", "in 'for' (expected 'done')");
    return n;
  }
  Token name = take();
  std::string var;
  if (name.type != Tok::Word || !lex::word_literal(name.word, var) || !is_name(var))
    unexpected(name, "in 'for' (expected a variable name)");
  std::vector<ast::Word> words;
  bool has_in = false;
  skip_newlines();
  if (peek_word("in")) {
    take();
    has_in = true;
    while (peek_is(Tok::Word)) words.push_back(take().word);
    if (!peek_is(Tok::Semi) && !peek_is(Tok::Newline)) unexpected(peek(), "in 'for' word list");
    take();
  } else if (peek_is(Tok::Semi)) {
    take();
  }
  skip_newlines();
  NodePtr body;
  if (peek_word("{")) {
    body = parse_group();
  } else {
    expect_word("do", "in 'for' (expected 'do')");
    body = parse_compound_list();
    expect_word("done", "in 'for' (expected 'done')");
  }
  if (select) {
    auto n = std::make_shared<ast::Select>();
    n->pos = p;
    n->var = var;
    n->has_in = has_in;
    n->words = std::move(words);
    n->body = body;
    return n;
  }
  auto n = std::make_shared<ast::For>();
  n->pos = p;
  n->var = var;
  n->has_in = has_in;
  n->words = std::move(words);
  n->body = body;
  return n;
}

NodePtr Parser::parse_case() {
  auto n = std::make_shared<ast::Case>();
  n->pos = take().pos;
  Token subj = take();
  if (subj.type != Tok::Word) unexpected(subj, "in 'case' (expected a word)");
  n->subject = std::move(subj.word);
  skip_newlines();
  expect_word("in", "in 'case' (expected 'in')");
  skip_newlines();
  for (;;) {
    if (peek_word("esac")) {
      take();
      return n;
    }
    ast::Case::Item item;
    if (peek_is(Tok::LParen)) take();
    for (;;) {
      Token w = take();
      if (w.type != Tok::Word) unexpected(w, "in 'case' pattern");
      item.patterns.push_back(std::move(w.word));
      if (peek_is(Tok::Pipe)) {
        take();
        continue;
      }
      break;
    }
    if (!peek_is(Tok::RParen)) unexpected(peek(), "in 'case' pattern (expected ')')");
    take();
    item.body = parse_compound_list(true);
    const Token& t = peek();
    if (t.type == Tok::DSemi || t.type == Tok::SemiAnd || t.type == Tok::DSemiAnd) {
      item.term = t.type == Tok::DSemi ? ast::CaseTerm::Break
                  : t.type == Tok::SemiAnd ? ast::CaseTerm::FallThrough
                                           : ast::CaseTerm::Continue;
      take();
      n->items.push_back(std::move(item));
      skip_newlines();
      continue;
    }
    n->items.push_back(std::move(item));
    skip_newlines();
    expect_word("esac", "in 'case' (expected ';;' or 'esac')");
    return n;
  }
}

NodePtr Parser::parse_group() {
  auto n = std::make_shared<ast::Group>();
  n->pos = take().pos;
  n->body = parse_compound_list();
  expect_word("}", "in '{ }' group (expected '}')");
  return n;
}

NodePtr Parser::parse_subshell_or_arith() {
  Pos p = peek().pos;
  DepthGuard g(depth_, *lx_, p);
  // The '(' token has been read. "((" directly adjacent may be arithmetic.
  std::size_t at = r_.offset();
  bool memo = !r_.in_alias();
  if (r_.cur() == '(' && !(memo && lx_->not_arith(at))) {
    lex::Reader::State st = r_.save();
    r_.advance();
    try {
      ast::Word w = lx_->read_arith_until_close(p);
      take();  // the first '('
      auto n = std::make_shared<ast::ArithCmd>();
      n->pos = p;
      n->expr = std::move(w);
      parse_trailing_redirects(*n);
      return n;
    } catch (const diag::Error&) {
      if (lx_->retry_exhausted()) throw;
      lx_->charge_retry(lex::retry_cost(r_.offset() - at, depth_), p);
      r_.restore(st);
      if (memo) lx_->mark_not_arith(at);
    }
  }
  take();
  auto n = std::make_shared<ast::Subshell>();
  n->pos = p;
  n->body = parse_compound_list();
  if (!peek_is(Tok::RParen)) unexpected(peek(), "in subshell (expected ')')");
  take();
  parse_trailing_redirects(*n);
  return n;
}

NodePtr Parser::parse_function_body(std::string name, Pos pos) {
  skip_newlines();
  auto f = std::make_shared<ast::FuncDef>();
  f->pos = pos;
  f->name = std::move(name);
  const Token& t = peek();
  bool ok = t.type == Tok::LParen;
  if (t.type == Tok::Word && t.word.size() == 1 && t.word[0].kind == PK::Literal) {
    const std::string& w = t.word[0].text;
    ok = w == "{" || w == "if" || w == "while" || w == "until" || w == "for" || w == "case" || w == "[[" ||
         w == "select";
  }
  if (!ok) unexpected(t, "in function definition (expected a compound command)");
  f->body = parse_command();
  return f;
}

// ---- [[ ... ]] -------------------------------------------------------------

NodePtr Parser::parse_cond() {
  auto n = std::make_shared<ast::CondCmd>();
  n->pos = take().pos;
  n->expr = cond_or();
  if (!peek_word("]]")) unexpected(peek(), "in [[ ]] (expected ']]')");
  take();
  return n;
}

// `a || b` and `a && b` in [[ ]]: left-associative chains of the next tighter level.
std::unique_ptr<ast::CondExpr> Parser::cond_chain(Tok tok, ast::CondExpr::Op op,
                                                  std::unique_ptr<ast::CondExpr> (Parser::*operand)()) {
  auto left = (this->*operand)();
  while (peek_is(tok)) {
    take();
    skip_newlines();
    auto e = std::make_unique<ast::CondExpr>();
    e->op = op;
    e->a = std::move(left);
    e->b = (this->*operand)();
    left = std::move(e);
  }
  return left;
}

std::unique_ptr<ast::CondExpr> Parser::cond_or() { return cond_chain(Tok::OrIf, ast::CondExpr::Op::Or, &Parser::cond_and); }

std::unique_ptr<ast::CondExpr> Parser::cond_and() {
  return cond_chain(Tok::AndIf, ast::CondExpr::Op::And, &Parser::cond_not);
}

std::unique_ptr<ast::CondExpr> Parser::cond_not() {
  skip_newlines();
  if (peek_word("!")) {
    take();
    auto e = std::make_unique<ast::CondExpr>();
    e->op = ast::CondExpr::Op::Not;
    e->a = cond_not();
    return e;
  }
  return cond_primary();
}

ast::Word Parser::cond_word(const char* context) {
  Token t = take();
  if (t.type != Tok::Word) unexpected(t, context);
  return std::move(t.word);
}

ast::Word Parser::cond_regex() {
  // The regex operand: read up to whitespace at paren depth 0, keeping ( ) | literally.
  lx_->skip_blanks();
  ast::Word w;
  int depth = 0;
  // Inside a bracket expression ([[:alnum:]], []x], [^]]) a `]]` or a blank is part of it.
  bool in_bracket = false;
  int bracket_len = 0;  // characters read since its `[` (a `]` first is literal)
  for (;;) {
    int c = r_.cur();
    if (c < 0) break;
    if (in_bracket) {
      ++bracket_len;
      if (c == '[' && (r_.peek_raw(1) == ':' || r_.peek_raw(1) == '=' || r_.peek_raw(1) == '.')) {
        // [:class:], [=e=], [.c.]: read to their closing pair.
        char kind = static_cast<char>(r_.peek_raw(1));
        std::string piece = "[";
        piece += kind;
        r_.advance();
        r_.advance();
        while (r_.cur() >= 0 && !(r_.cur() == kind && r_.peek_raw(1) == ']')) {
          piece += static_cast<char>(r_.cur());
          r_.advance();
        }
        if (r_.cur() >= 0) {
          piece += kind;
          piece += ']';
          r_.advance();
          r_.advance();
        }
        lex::append_part(w, PK::Literal, piece);
        continue;
      }
      if (c == ']' && !(bracket_len == 1 || (bracket_len == 2 && w.back().text.back() == '^'))) in_bracket = false;
      if (c == '\n') break;
      r_.advance();
      char ch = static_cast<char>(c);
      lex::append_part(w, PK::Literal, std::string_view(&ch, 1));
      continue;
    }
    if ((c == ' ' || c == '\t' || c == '\n') && depth == 0) break;
    if (depth == 0 && (c == '&' || c == '|') && r_.peek_raw(1) == c) break;
    if (c == '[') {
      in_bracket = true;
      bracket_len = 0;
    }
    if (c == ']' && depth == 0 && r_.peek_raw(1) == ']') {
      int after = r_.peek_raw(2);
      if (after < 0 || after == ' ' || after == '\t' || after == '\n' || after == ';' || after == '&' ||
          after == '|' || after == ')')
        break;
    }
    if (c == '(') ++depth;
    if (c == ')') {
      if (depth == 0) break;
      --depth;
    }
    if (c == '\'' || c == '"' || c == '$' || c == '\\' || c == '`') {
      // Let the word scanner handle quoting and expansions of this piece.
      Token piece = lx_->next();
      for (auto& p : piece.word) w.push_back(std::move(p));
      if (piece.type != Tok::Word) unexpected(piece, "in [[ =~ ]]");
      continue;
    }
    r_.advance();
    char ch = static_cast<char>(c);
    lex::append_part(w, PK::Literal, std::string_view(&ch, 1));
  }
  if (w.empty()) unexpected(peek(), "in [[ ]] (expected a regular expression)");
  return w;
}

std::unique_ptr<ast::CondExpr> Parser::cond_primary() {
  DepthGuard g(depth_, *lx_, peek().pos);
  skip_newlines();
  auto e = std::make_unique<ast::CondExpr>();
  e->pos = peek().pos;
  if (peek_is(Tok::LParen)) {
    take();
    auto inner = cond_or();
    skip_newlines();
    if (!peek_is(Tok::RParen)) unexpected(peek(), "in [[ ]] (expected ')')");
    take();
    return inner;
  }
  const Token& t = peek();
  if (t.type != Tok::Word) unexpected(t, "in [[ ]]");
  std::string lit;
  if (lex::word_literal(t.word, lit) && lit.size() == 2 && lit[0] == '-' && std::strchr("abcdefghkprstuwxvzGLNOSnoR", lit[1])) {
    Token op = take();
    const Token& n = peek();
    if (n.type == Tok::Word && !lex::word_is(n.word, "]]")) {
      e->op = ast::CondExpr::Op::Unary;
      e->oper = lit;
      e->left = take().word;
      return e;
    }
    // A lone word like "-n" followed by ]] or an operator.
    tok_ = std::move(op);
    have_ = true;
  }
  e->left = cond_word("in [[ ]]");
  const Token& o = peek();
  std::string oper;
  if (o.type == Tok::Less) {
    oper = "<";
  } else if (o.type == Tok::Great) {
    oper = ">";
  } else if (o.type == Tok::Word && lex::word_literal(o.word, oper)) {
    static const char* const ops[] = {"=", "==", "!=", "=~", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
                                      "-nt", "-ot", "-ef", "<", ">"};
    bool found = false;
    for (const char* x : ops) found = found || oper == x;
    if (!found) oper.clear();
  }
  if (oper.empty()) {
    e->op = ast::CondExpr::Op::Word;
    return e;
  }
  take();
  e->op = ast::CondExpr::Op::Binary;
  e->oper = oper;
  if (oper == "=~") {
    e->right = cond_regex();
    return e;
  }
  e->right = cond_word("in [[ ]]");
  return e;
}

}  // namespace fdsh::parse
