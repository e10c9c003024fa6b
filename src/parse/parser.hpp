// parse/parser.hpp — recursive descent over the POSIX shell grammar (XCU 2.10.2),
// one function per grammar rule, plus the bash compound commands people paste.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "ast/ast.hpp"
#include "lex/lexer.hpp"

namespace fdsh::parse {

/// Looks up an alias; returns nullptr when `name` is not an alias.
using AliasLookup = std::function<const std::string*(const std::string& name)>;

/// Parser options that change the grammar.
struct ParseOptions {
  AliasLookup aliases;     ///< alias expansion (XCU 2.3.1); empty = none
  bool extglob = false;    ///< recognise !(...) in words
  const bool* extglob_live = nullptr;  ///< the shell's option, read as each word is scanned
  ast::SpillFactory spill;  ///< where huge quoted here-document bodies go (empty: memory)
  /// Backtracking budget shared with the parsers of nested text (here-document bodies,
  /// backquotes); empty: the parser has its own, renewed for each complete command.
  std::shared_ptr<std::size_t> retry_budget;
};

/// Work a complete command may spend re-reading text because `((` or `$((` turned out not
/// to be arithmetic (lex::retry_cost). Ordinary scripts use a tiny part of it; input built to
/// make every level retry every other is refused in well under a second instead of taking
/// hours.
constexpr std::size_t kMaxRetryWork = std::size_t{1} << 23;

/// Marks a redirection whose fd number does not fit in an int (reported when it runs).
constexpr int kFdTooLarge = -2;
/// Maximum syntactic nesting depth (levels of compound commands, `( )`, `{ }`, `$( )`):
/// deeper input is a syntax error, never a crash. The parser counts about two internal
/// levels (list and command) per syntactic level.
constexpr int kMaxParseDepth = 20000;

/// Parses commands from a Reader one complete command at a time.
class Parser {
 public:
  Parser(lex::Reader& r, ParseOptions opts = {});
  ~Parser();

  /// Parses the next complete command (a list ended by a newline or end of input).
  /// Returns nullptr at end of input. Throws diag::Error on a syntax error.
  ast::NodePtr next_command();
  /// Parses the whole remaining input as one list (for eval, ., $(...) text, functions).
  ast::NodePtr parse_all();
  /// Reads all the text as the body of an unquoted here-document: only $, ` and \ are
  /// special (prompt strings, $ENV).
  ast::Word parse_expansion_text();
  /// True when the last token consumed ended the input.
  bool at_eof();
  /// The reader underneath.
  lex::Reader& reader() { return r_; }

 private:
  friend struct ParserAccess;
  const lex::Token& peek();
  lex::Token take();
  bool peek_is(lex::Tok t) { return peek().type == t; }
  bool peek_word(std::string_view w);
  bool peek_reserved_terminator();
  /// Expands aliases at the current token, which stands where a command would.
  void expand_command_aliases();
  [[noreturn]] void unexpected(const lex::Token& t, const char* context = nullptr);
  void expect_word(std::string_view w, const char* context);
  void skip_newlines();

  ast::NodePtr parse_compound_list(bool allow_empty = false);
  ast::NodePtr parse_and_or();
  ast::NodePtr parse_pipeline();
  ast::NodePtr parse_command();
  ast::NodePtr parse_simple();
  ast::NodePtr parse_compound(const std::string& word);
  ast::NodePtr parse_if();
  ast::NodePtr parse_loop(bool until);
  ast::NodePtr parse_for(bool select);
  ast::NodePtr parse_case();
  ast::NodePtr parse_group();
  ast::NodePtr parse_subshell_or_arith();
  ast::NodePtr parse_function_body(std::string name, ast::Pos pos);
  ast::NodePtr parse_cond();
  std::unique_ptr<ast::CondExpr> cond_chain(lex::Tok tok, ast::CondExpr::Op op,
                                            std::unique_ptr<ast::CondExpr> (Parser::*operand)());
  std::unique_ptr<ast::CondExpr> cond_or();
  std::unique_ptr<ast::CondExpr> cond_and();
  std::unique_ptr<ast::CondExpr> cond_not();
  std::unique_ptr<ast::CondExpr> cond_primary();
  /// The right operand of =~: a regular expression read up to blanks outside ( ) and [ ].
  ast::Word cond_regex();
  ast::Word cond_word(const char* context);
  bool parse_redirect(std::vector<ast::Redir>& out);
  void parse_trailing_redirects(ast::Node& n);
  bool try_assignment(lex::Token& t, ast::Simple& s);
  bool try_alias(bool command_position);
  ast::NodePtr parse_subst_body();
  ast::NodePtr parse_subst_list();

  struct NestedMemo;
  lex::Reader& r_;
  ParseOptions opts_;
  std::unique_ptr<NestedMemo> memo_;
  std::unique_ptr<lex::Lexer> lx_;
  bool have_ = false;
  lex::Token tok_;
  int depth_ = 0;
  bool alias_next_ = false;
  bool owns_budget_ = false;
};

/// Parses a complete program from text (eval, ., -c, backquotes, functions from `fc`).
ast::NodePtr parse_text(const std::string& name, const std::string& text, ParseOptions opts = {});
/// Parses text with the quoting of an unquoted here-document body (see parse_expansion_text).
ast::Word parse_expansion_text(const std::string& name, const std::string& text);

}  // namespace fdsh::parse
