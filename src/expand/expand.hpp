// expand/expand.hpp — word expansion in POSIX order (XCU 2.6): tilde, parameters, command
// substitution, arithmetic, field splitting, pathname expansion, quote removal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "expand/arith.hpp"
#include "state/options.hpp"

namespace fdsh::expand {

/// What expansion needs from the shell. The evaluator implements it.
class Host : public ArithHost {
 public:
  /// Value of any parameter: variables, specials ($? $$ $# $- $! $0), positionals ($1 ... ${10}).
  virtual std::optional<std::string> lookup(const std::string& name) = 0;
  /// The positional parameters $1...
  virtual const std::vector<std::string>& positional() = 0;
  /// Values of an array (a scalar gives one value; unset gives none). Sets `is_array`.
  virtual std::vector<std::string> array_values(const std::string& name, bool& is_array) = 0;
  /// Keys of an array (indices or associative keys).
  virtual std::vector<std::string> array_keys(const std::string& name) = 0;
  /// One element; `index` is the expanded subscript text.
  virtual std::optional<std::string> array_get(const std::string& name, const std::string& index) = 0;
  /// Assigns (for ${x=w}); reports errors itself.
  virtual void assign(const std::string& name, const std::string& value) = 0;
  /// Runs a command substitution and returns its output (trailing newlines not yet removed).
  virtual std::string command_subst(const ast::NodePtr& cmd) = 0;
  /// Starts a process substitution and returns the /dev/fd path.
  virtual std::string process_subst(const ast::NodePtr& cmd, bool input) = 0;
  /// The option set.
  virtual const state::Options& options() = 0;
  /// Names of variables starting with prefix (for ${!prefix*}).
  virtual std::vector<std::string> names_with_prefix(const std::string& prefix) = 0;
  /// The value of IFS, or nullptr when unset (no copy: called for every word).
  virtual const std::string* ifs() = 0;
  /// The attribute letters of a variable (${x@a}).
  virtual std::string attributes(const std::string& name) = 0;
  /// Prompt expansion of a string (${x@P}).
  virtual std::string prompt(const std::string& text) = 0;
  /// The home directory of a user (~user), or of the current user for "" (~ without HOME).
  virtual std::optional<std::string> user_home(const std::string& user);
  /// Reports an expansion error and does not return (the shell decides whether to exit).
  [[noreturn]] virtual void fail(ast::Pos pos, const std::string& message) = 0;
  /// Reports an error that abandons only the current command (status 1), e.g. failglob.
  [[noreturn]] virtual void fail_command(ast::Pos pos, const std::string& message) = 0;
};

/// One expanded field before pathname expansion.
struct Field {
  std::string text;   ///< quote-removed text
  std::string pat;    ///< the same with quoted pattern characters backslash-escaped
  bool glob = false;  ///< contains unquoted pattern characters
  bool keep = false;  ///< exists even if empty (quoted)
};

/// Expands words with a Host.
class Expander {
 public:
  explicit Expander(Host& h) : h_(h) {}
  /// Full expansion of command words: fields after splitting and pathname expansion.
  std::vector<std::string> words(const std::vector<ast::Word>& ws);
  /// Appends the fields of one word.
  void word_fields(const ast::Word& w, std::vector<std::string>& out);
  /// Expansion without field splitting or pathname expansion (assignments, case subject,
  /// here-document bodies, redirection targets).
  std::string string(const ast::Word& w);
  /// An assignment value: also tilde expansion after ':' and '='.
  std::string assignment(const ast::Word& w);
  /// A pattern (case, ${x#p}, [[ == ]]): quoted characters are backslash-escaped.
  std::string pattern(const ast::Word& w);
  /// A [[ =~ ]] operand as a POSIX extended regular expression: quoted parts match
  /// literally (their special characters escaped), unquoted text and expansions are regex
  /// syntax as they stand (bash).
  std::string regex(const ast::Word& w);
  /// Text of an arithmetic expression after parameter expansion and command substitution.
  std::string arith_text(const ast::Word& w);
  /// Evaluates an arithmetic word.
  std::int64_t arith(const ast::Word& w, ast::Pos pos);

 private:
  struct Builder;
  void parts(const ast::Word& w, Builder& b, bool quoted, bool split_literals, bool tilde);
  void part(const ast::WordPart& p, Builder& b, bool quoted, bool split_literals);
  void param(const ast::WordPart& p, Builder& b, bool quoted);
  // The parts of parameter expansion (XCU 2.6.2), one per family of operators.
  struct ParamValue;
  void param_names(const ast::Param& pr, Builder& b, bool quoted);
  void param_keys(const ast::Param& pr, Builder& b, bool quoted);
  bool param_indirect(ParamValue& v);
  void param_lookup(ParamValue& v);
  void param_length(ParamValue& v);
  void param_conditional(ParamValue& v);
  void param_remove(ParamValue& v);
  void param_replace(ParamValue& v);
  void param_case(ParamValue& v);
  void param_substring(ParamValue& v);
  void substring_list(ParamValue& v, std::int64_t off, bool has_len, std::int64_t len);
  void param_transform(ParamValue& v);
  std::string param_arg_string(const ast::Word& w, bool quoted);
  std::vector<std::string> glob_field(const Field& f);
  std::string tilde(const std::string& prefix, bool& ok);

  Host& h_;
};

/// Removes trailing newlines (command substitution).
void strip_trailing_newlines(std::string& s);
/// Number of characters (UTF-8 code points) in s.
std::size_t utf8_length(std::string_view s);
/// Quotes text for reuse as shell input, bash style ('...' or $'...').
std::string quote_for_reuse(const std::string& s);
/// Escapes pattern characters with backslashes so the text matches literally.
std::string escape_pattern(std::string_view s);

}  // namespace fdsh::expand
