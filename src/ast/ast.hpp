// ast/ast.hpp — the syntax tree of the POSIX Shell Command Language (XCU 2.9, 2.10),
// with bash extensions. Every node carries its source position.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/sources.hpp"

namespace fdsh::ast {

/// 1-based line and column of a node in its source, and which source (diag/sources.hpp).
struct Pos {
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  diag::SourceId source = 0;  ///< 0: unknown (messages then name the running text)
};

struct Node;
/// Nodes are shared so that function bodies outlive the chunk that defined them.
using NodePtr = std::shared_ptr<Node>;

struct WordPart;
/// A word is a sequence of parts; quoting is recorded in the parts.
using Word = std::vector<WordPart>;

/// Operators of ${...}.
enum class ParamOp : std::uint8_t {
  None,         ///< $x, ${x}
  Length,       ///< ${#x}
  Default,      ///< ${x-w} / ${x:-w}
  Assign,       ///< ${x=w} / ${x:=w}
  Error,        ///< ${x?w} / ${x:?w}
  Alternate,    ///< ${x+w} / ${x:+w}
  RemSmallPrefix, RemLargePrefix, RemSmallSuffix, RemLargeSuffix,
  Substring,    ///< ${x:off:len}
  Replace, ReplaceAll, ReplacePrefix, ReplaceSuffix,
  UpperFirst, UpperAll, LowerFirst, LowerAll,
  ToggleFirst, ToggleAll,  ///< ${x~p} ${x~~p} (bash): swap the case
  Transform,    ///< ${x@Q} etc.
  Indirect,     ///< ${!x}
  NamesPrefix,  ///< ${!prefix*} / ${!prefix@}
  Keys,         ///< ${!a[@]}
};

/// A parameter expansion.
struct Param {
  std::string name;          ///< identifier, digits, or one of @*#?-$!0
  ParamOp op = ParamOp::None;
  bool colon = false;        ///< the ':' variant of - = ? +
  bool indirect = false;     ///< ${!name...}
  bool has_index = false;    ///< name[...] given
  std::vector<WordPart> index;  ///< subscript text (arithmetic or @/*)
  std::vector<WordPart> arg;    ///< the word after the operator
  std::vector<WordPart> arg2;   ///< replacement / length
  bool has_arg2 = false;
  char transform = 0;        ///< operator letter of ${x@L}
};

/// One piece of a word.
struct WordPart {
  enum class Kind : std::uint8_t {
    Literal,       ///< unquoted text
    SingleQuoted,  ///< '...' or $'...' (text already decoded)
    Escaped,       ///< \c outside quotes, or \c inside "..." that quoted c
    DoubleQuoted,  ///< "..." with children in `parts`
    Param,         ///< $x ${...}
    CommandSub,    ///< $(...) or `...`
    Arith,         ///< $((...)) with the expression text in `parts`
    ProcSubIn,     ///< <(...)
    ProcSubOut,    ///< >(...)
  };
  Kind kind = Kind::Literal;
  std::string text;
  std::vector<WordPart> parts;
  std::shared_ptr<ast::Param> param;
  NodePtr cmd;
  Pos pos;
};

/// Redirection operators.
enum class RedirOp : std::uint8_t {
  In,         ///< <
  Out,        ///< >
  Append,     ///< >>
  Clobber,    ///< >|
  ReadWrite,  ///< <>
  DupIn,      ///< <&
  DupOut,     ///< >&
  HereDoc,    ///< << and <<-
  HereString, ///< <<<
  OutErr,     ///< &>  (and >&word when word is not a number)
  AppendErr,  ///< &>>
};

/// A here-document body.
/// A here-document body too large to keep in memory: the shell stores it in a file as it
/// is read (see ParseOptions::spill) and hands that file to the command.
struct SpilledBody {
  virtual ~SpilledBody() = default;
  /// Appends body text; false if it cannot be stored.
  virtual bool append(std::string_view text) = 0;
  std::uint64_t size = 0;
};
using SpillFactory = std::function<std::shared_ptr<SpilledBody>()>;

struct HereDoc {
  std::string delimiter;
  bool quoted = false;      ///< delimiter was quoted: body is literal
  bool strip_tabs = false;  ///< <<-
  bool complete = false;    ///< body has been read
  Word body;
  std::shared_ptr<SpilledBody> spilled;  ///< set instead of `body` for a huge quoted body
};

/// One redirection.
struct Redir {
  RedirOp op = RedirOp::Out;
  int fd = -1;              ///< explicit fd, or -1 for the operator's default
  std::string fd_var;       ///< {var}> form
  Word target;
  std::shared_ptr<HereDoc> heredoc;
  Pos pos;
};

/// NAME=value (or NAME+=value, NAME=(...) arrays).
struct Assign {
  std::string name;
  Word value;
  bool append = false;
  bool is_array = false;            ///< NAME=(...)
  std::vector<Word> array_words;    ///< the words of NAME=(...)
  bool has_index = false;           ///< NAME[idx]=value
  Word index;
  Pos pos;
};

enum class Kind : std::uint8_t {
  Simple, Pipeline, AndOr, List, Subshell, Group, If, While, For, Case, FuncDef,
  ArithCmd, CondCmd, ArithFor, Select, Coproc, Time,
};

/// Base of every node. Compound commands keep their own redirections here.
struct Node {
  explicit Node(Kind k) : kind(k) {}
  virtual ~Node() = default;
  Kind kind;
  Pos pos;
  std::vector<Redir> redirs;
};

struct Simple : Node {
  Simple() : Node(Kind::Simple) {}
  std::vector<Assign> assigns;
  std::vector<Word> words;
  /// Array literals given to declaration utilities (`declare a=(1 2)`): word index -> words.
  std::vector<std::pair<std::size_t, std::vector<Word>>> decl_arrays;
};

struct Pipeline : Node {
  Pipeline() : Node(Kind::Pipeline) {}
  bool bang = false;
  std::vector<NodePtr> cmds;
  std::vector<bool> pipe_stderr;  ///< |& after cmds[i]
};

enum class AndOrOp : std::uint8_t { And, Or };

struct AndOr : Node {
  AndOr() : Node(Kind::AndOr) {}
  std::vector<NodePtr> items;
  std::vector<AndOrOp> ops;  ///< ops[i] joins items[i] and items[i+1]
};

/// A sequence of commands; each may be asynchronous (&).
struct List : Node {
  List() : Node(Kind::List) {}
  struct Item {
    NodePtr cmd;
    bool async = false;
  };
  std::vector<Item> items;
};

struct Subshell : Node {
  Subshell() : Node(Kind::Subshell) {}
  NodePtr body;
};

struct Group : Node {
  Group() : Node(Kind::Group) {}
  NodePtr body;
};

struct If : Node {
  If() : Node(Kind::If) {}
  std::vector<std::pair<NodePtr, NodePtr>> branches;  ///< (condition, body)
  NodePtr else_body;
};

struct While : Node {
  While() : Node(Kind::While) {}
  bool until = false;
  NodePtr cond, body;
};

struct For : Node {
  For() : Node(Kind::For) {}
  std::string var;
  bool has_in = false;
  std::vector<Word> words;
  NodePtr body;
};

struct Select : Node {
  Select() : Node(Kind::Select) {}
  std::string var;
  bool has_in = false;
  std::vector<Word> words;
  NodePtr body;
};

enum class CaseTerm : std::uint8_t { Break, FallThrough, Continue };  ///< ;; ;& ;;&

struct Case : Node {
  Case() : Node(Kind::Case) {}
  Word subject;
  struct Item {
    std::vector<Word> patterns;
    NodePtr body;  ///< may be null
    CaseTerm term = CaseTerm::Break;
  };
  std::vector<Item> items;
};

struct FuncDef : Node {
  FuncDef() : Node(Kind::FuncDef) {}
  std::string name;
  NodePtr body;
};

/// (( expr ))
struct ArithCmd : Node {
  ArithCmd() : Node(Kind::ArithCmd) {}
  Word expr;
};

/// for (( init; cond; step ))
struct ArithFor : Node {
  ArithFor() : Node(Kind::ArithFor) {}
  Word init, cond, step;
  NodePtr body;
};

/// [[ ... ]] expression tree.
struct CondExpr {
  enum class Op : std::uint8_t { Word, Unary, Binary, Not, And, Or };
  Op op = Op::Word;
  std::string oper;  ///< -f, ==, =~, ...
  Word left, right;
  std::unique_ptr<CondExpr> a, b;
  Pos pos;
};

struct CondCmd : Node {
  CondCmd() : Node(Kind::CondCmd) {}
  std::unique_ptr<CondExpr> expr;
};

struct Coproc : Node {
  Coproc() : Node(Kind::Coproc) {}
  std::string name = "COPROC";
  NodePtr body;
};

/// time [-p] pipeline
struct Time : Node {
  Time() : Node(Kind::Time) {}
  bool posix = false;
  NodePtr body;  ///< may be null
};

/// Reconstructs a word's source-like text (for error messages, case debugging, `type`).
std::string word_to_string(const Word& w);
/// Declaration utilities (bash): their NAME=value and NAME=(...) arguments are parsed and
/// expanded as assignments. The one list, read by the parser and the evaluator, and the
/// source of the builtin table's flag.
bool is_declaration_utility(std::string_view name);

/// Prints a command as shell source (used by `type`, `set` of functions and --dump-ast).
std::string to_source(const Node& n, int indent = 0);
/// Prints the tree structure for `fdsh --dump-ast`.
std::string dump(const Node& n, int indent = 0);

}  // namespace fdsh::ast
