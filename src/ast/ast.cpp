// ast/ast.cpp — printing the tree back as shell source (`type`, function listings)
// and as a structure dump (`fdsh --dump-ast`).
#include "ast/ast.hpp"

namespace fdsh::ast {

bool is_declaration_utility(std::string_view name) {
  return name == "declare" || name == "typeset" || name == "local" || name == "export" || name == "readonly";
}


namespace {

using PK = WordPart::Kind;

void word_out(const Word& w, std::string& o, bool in_dq = false);

std::string param_op(const Param& p) {
  switch (p.op) {
    case ParamOp::Default: return p.colon ? ":-" : "-";
    case ParamOp::Assign: return p.colon ? ":=" : "=";
    case ParamOp::Error: return p.colon ? ":?" : "?";
    case ParamOp::Alternate: return p.colon ? ":+" : "+";
    case ParamOp::RemSmallPrefix: return "#";
    case ParamOp::RemLargePrefix: return "##";
    case ParamOp::RemSmallSuffix: return "%";
    case ParamOp::RemLargeSuffix: return "%%";
    case ParamOp::Substring: return ":";
    case ParamOp::Replace: return "/";
    case ParamOp::ReplaceAll: return "//";
    case ParamOp::ReplacePrefix: return "/#";
    case ParamOp::ReplaceSuffix: return "/%";
    case ParamOp::UpperFirst: return "^";
    case ParamOp::UpperAll: return "^^";
    case ParamOp::LowerFirst: return ",";
    case ParamOp::LowerAll: return ",,";
    case ParamOp::ToggleFirst: return "~";
    case ParamOp::ToggleAll: return "~~";
    default: return "";
  }
}

void part_out(const WordPart& p, std::string& o, bool in_dq) {
  switch (p.kind) {
    case PK::Literal: o += p.text; break;
    case PK::SingleQuoted:
      o += '\'';
      for (char c : p.text) {
        if (c == '\'') o += "'\\''";
        else o += c;
      }
      o += '\'';
      break;
    case PK::Escaped:
      for (char c : p.text) {
        o += '\\';
        o += c;
      }
      break;
    case PK::DoubleQuoted:
      o += '"';
      word_out(p.parts, o, true);
      o += '"';
      break;
    case PK::Param: {
      const Param& pr = *p.param;
      bool simple = pr.op == ParamOp::None && !pr.has_index && !pr.indirect &&
                    !(pr.name.size() > 1 && isdigit(static_cast<unsigned char>(pr.name[0])));
      if (simple) {
        o += '$';
        o += pr.name;
        break;
      }
      o += "${";
      if (pr.op == ParamOp::Length) o += '#';
      if (pr.indirect) o += '!';
      o += pr.name;
      if (pr.has_index) {
        o += '[';
        word_out(pr.index, o, false);
        o += ']';
      }
      if (pr.op == ParamOp::NamesPrefix) o += pr.transform;
      if (pr.op == ParamOp::Transform) {
        o += '@';
        o += pr.transform;
      }
      o += param_op(pr);
      word_out(pr.arg, o, in_dq);
      if (pr.has_arg2) {
        o += pr.op == ParamOp::Substring ? ':' : '/';
        word_out(pr.arg2, o, in_dq);
      }
      o += '}';
      break;
    }
    case PK::CommandSub:
      o += "$(";
      if (p.cmd) o += to_source(*p.cmd);
      o += ')';
      break;
    case PK::Arith:
      o += "$((";
      word_out(p.parts, o, true);
      o += "))";
      break;
    case PK::ProcSubIn:
    case PK::ProcSubOut:
      o += p.kind == PK::ProcSubIn ? "<(" : ">(";
      if (p.cmd) o += to_source(*p.cmd);
      o += ')';
      break;
  }
}

void word_out(const Word& w, std::string& o, bool in_dq) {
  for (const WordPart& p : w) part_out(p, o, in_dq);
}

void ind(std::string& o, int n) { o.append(static_cast<std::size_t>(n) * 4, ' '); }

/// A [[ ]] expression as source; parentheses where precedence needs them (|| below &&
/// below !).
void cond_out(const CondExpr& e, std::string& o) {
  using Op = CondExpr::Op;
  auto rank = [](const CondExpr& x) { return x.op == Op::Or ? 1 : x.op == Op::And ? 2 : 3; };
  auto child = [&](const CondExpr& c, int need) {
    bool paren = rank(c) < need;
    if (paren) o += "( ";
    cond_out(c, o);
    if (paren) o += " )";
  };
  switch (e.op) {
    case Op::Word: word_out(e.left, o); break;
    case Op::Unary:
      o += e.oper + " ";
      word_out(e.left, o);
      break;
    case Op::Binary:
      word_out(e.left, o);
      o += " " + e.oper + " ";
      word_out(e.right, o);
      break;
    case Op::Not:
      o += "! ";
      child(*e.a, 3);
      break;
    case Op::And:
    case Op::Or:
      child(*e.a, rank(e));
      o += e.op == Op::And ? " && " : " || ";
      child(*e.b, rank(e) + 1);
      break;
  }
}

const char* redir_op(const Redir& r) {
  switch (r.op) {
    case RedirOp::In: return "<";
    case RedirOp::Out: return ">";
    case RedirOp::Append: return ">>";
    case RedirOp::Clobber: return ">|";
    case RedirOp::ReadWrite: return "<>";
    case RedirOp::DupIn: return "<&";
    case RedirOp::DupOut: return ">&";
    case RedirOp::HereDoc: return r.heredoc && r.heredoc->strip_tabs ? "<<-" : "<<";
    case RedirOp::HereString: return "<<<";
    case RedirOp::OutErr: return "&>";
    case RedirOp::AppendErr: return "&>>";
  }
  return "?";
}

void redirs_out(const std::vector<Redir>& rs, std::string& o, std::string& heredocs) {
  for (const Redir& r : rs) {
    o += ' ';
    if (!r.fd_var.empty()) o += "{" + r.fd_var + "}";
    else if (r.fd >= 0) o += std::to_string(r.fd);
    o += redir_op(r);
    if (r.op == RedirOp::HereDoc && r.heredoc) {
      o += r.heredoc->quoted ? "'" + r.heredoc->delimiter + "'" : r.heredoc->delimiter;
      std::string body;
      word_out(r.heredoc->body, body, true);
      heredocs += body;
      heredocs += r.heredoc->delimiter;
      heredocs += '\n';
    } else {
      word_out(r.target, o);
    }
  }
}

void node_out(const Node& n, std::string& o, int depth);

void body_out(const NodePtr& body, std::string& o, int depth) {
  if (!body) return;
  node_out(*body, o, depth);
}

// A command printed on one line inside a larger one (a pipeline stage, an and-or item, a
// list item): its trailing newlines go.
std::string inline_out(const Node& n, int depth) {
  std::string c;
  node_out(n, c, depth);
  while (!c.empty() && c.back() == '\n') c.pop_back();
  return c;
}

// One assignment word: NAME=value, NAME[i]=value, NAME+=(words).
void assign_out(const Assign& a, std::string& o) {
  o += a.name;
  if (a.has_index) {
    o += '[';
    word_out(a.index, o);
    o += ']';
  }
  o += a.append ? "+=" : "=";
  if (a.is_array) {
    o += '(';
    for (std::size_t i = 0; i < a.array_words.size(); ++i) {
      if (i) o += ' ';
      word_out(a.array_words[i], o);
    }
    o += ')';
  } else {
    word_out(a.value, o);
  }
}

// A simple command: assignments, words, then its redirections (here-document bodies are
// collected in `heredocs`, printed after the line).
void simple_out(const Simple& s, std::string& o, int depth, std::string& heredocs) {
  ind(o, depth);
  bool first = true;
  for (const Assign& a : s.assigns) {
    if (!first) o += ' ';
    first = false;
    assign_out(a, o);
  }
  for (const Word& w : s.words) {
    if (!first) o += ' ';
    first = false;
    word_out(w, o);
  }
  redirs_out(s.redirs, o, heredocs);
}

// Pipelines and and-or lists: their commands on one line, joined by the operators.
void pipeline_out(const Pipeline& p, std::string& o, int depth) {
  ind(o, depth);
  if (p.bang) o += "! ";
  for (std::size_t i = 0; i < p.cmds.size(); ++i) {
    if (i) o += i - 1 < p.pipe_stderr.size() && p.pipe_stderr[i - 1] ? " |& " : " | ";
    o += inline_out(*p.cmds[i], 0);
  }
}

void and_or_out(const AndOr& a, std::string& o, int depth) {
  ind(o, depth);
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    if (i) o += a.ops[i - 1] == AndOrOp::And ? " && " : " || ";
    o += inline_out(*a.items[i], 0);
  }
}

// A list: one item per line, `&` after the asynchronous ones.
void list_out(const List& l, std::string& o, int depth) {
  for (std::size_t i = 0; i < l.items.size(); ++i) {
    o += inline_out(*l.items[i].cmd, depth);
    if (l.items[i].async) o += " &";
    o += '\n';
  }
}

// ( body ) and { body }: the body indented one level between the brackets.
void bracketed_out(const NodePtr& body, const char* open, char close, std::string& o, int depth) {
  ind(o, depth);
  o += open;
  body_out(body, o, depth + 1);
  ind(o, depth);
  o += close;
}

void if_out(const If& f, std::string& o, int depth) {
  for (std::size_t i = 0; i < f.branches.size(); ++i) {
    ind(o, depth);
    o += i ? "elif\n" : "if\n";
    body_out(f.branches[i].first, o, depth + 1);
    ind(o, depth);
    o += "then\n";
    body_out(f.branches[i].second, o, depth + 1);
  }
  if (f.else_body) {
    ind(o, depth);
    o += "else\n";
    body_out(f.else_body, o, depth + 1);
  }
  ind(o, depth);
  o += "fi";
}

// The `do ... done` that ends every loop.
void do_done_out(const NodePtr& body, std::string& o, int depth) {
  ind(o, depth);
  o += "do\n";
  body_out(body, o, depth + 1);
  ind(o, depth);
  o += "done";
}

void while_out(const While& w, std::string& o, int depth) {
  ind(o, depth);
  o += w.until ? "until\n" : "while\n";
  body_out(w.cond, o, depth + 1);
  do_done_out(w.body, o, depth);
}

// for and select have the same fields but are different types.
template <class Loop>
void for_out(const Loop& f, const char* keyword, std::string& o, int depth) {
  ind(o, depth);
  o += keyword;
  o += f.var;
  if (f.has_in) {
    o += " in";
    for (const Word& w : f.words) {
      o += ' ';
      word_out(w, o);
    }
  }
  o += "\n";
  do_done_out(f.body, o, depth);
}

void arith_for_out(const ArithFor& f, std::string& o, int depth) {
  ind(o, depth);
  o += "for ((";
  word_out(f.init, o);
  o += "; ";
  word_out(f.cond, o);
  o += "; ";
  word_out(f.step, o);
  o += "))\n";
  do_done_out(f.body, o, depth);
}

void case_out(const Case& c, std::string& o, int depth) {
  ind(o, depth);
  o += "case ";
  word_out(c.subject, o);
  o += " in\n";
  for (const auto& it : c.items) {
    ind(o, depth + 1);
    for (std::size_t i = 0; i < it.patterns.size(); ++i) {
      if (i) o += " | ";
      word_out(it.patterns[i], o);
    }
    o += ")\n";
    body_out(it.body, o, depth + 2);
    ind(o, depth + 2);
    o += it.term == CaseTerm::Break ? ";;\n" : it.term == CaseTerm::FallThrough ? ";&\n" : ";;&\n";
  }
  ind(o, depth);
  o += "esac";
}

// `coproc NAME cmd` and `time cmd`: a keyword before a command printed as it is.
void prefixed_out(const std::string& prefix, const NodePtr& body, std::string& o, int depth) {
  ind(o, depth);
  o += prefix;
  if (body) {
    std::string c;
    node_out(*body, c, 0);
    o += c;
  }
}

void node_out(const Node& n, std::string& o, int depth) {
  std::string heredocs;
  switch (n.kind) {
    case Kind::Simple: simple_out(static_cast<const Simple&>(n), o, depth, heredocs); break;
    case Kind::Pipeline: pipeline_out(static_cast<const Pipeline&>(n), o, depth); break;
    case Kind::AndOr: and_or_out(static_cast<const AndOr&>(n), o, depth); break;
    case Kind::List:
      // Each item ends its own line; a list has no redirections of its own.
      list_out(static_cast<const List&>(n), o, depth);
      return;
    case Kind::Subshell: bracketed_out(static_cast<const Subshell&>(n).body, "(\n", ')', o, depth); break;
    case Kind::Group: bracketed_out(static_cast<const Group&>(n).body, "{ \n", '}', o, depth); break;
    case Kind::If: if_out(static_cast<const If&>(n), o, depth); break;
    case Kind::While: while_out(static_cast<const While&>(n), o, depth); break;
    case Kind::For: for_out(static_cast<const For&>(n), "for ", o, depth); break;
    case Kind::Select: for_out(static_cast<const Select&>(n), "select ", o, depth); break;
    case Kind::ArithFor: arith_for_out(static_cast<const ArithFor&>(n), o, depth); break;
    case Kind::Case: case_out(static_cast<const Case&>(n), o, depth); break;
    case Kind::FuncDef: {
      // The body prints its own redirections and newline.
      const auto& f = static_cast<const FuncDef&>(n);
      ind(o, depth);
      o += f.name + " () \n";
      if (f.body) node_out(*f.body, o, depth);
      return;
    }
    case Kind::ArithCmd:
      ind(o, depth);
      o += "((";
      word_out(static_cast<const ArithCmd&>(n).expr, o);
      o += "))";
      break;
    case Kind::CondCmd:
      ind(o, depth);
      o += "[[ ";
      if (const auto& c = static_cast<const CondCmd&>(n); c.expr) cond_out(*c.expr, o);
      o += " ]]";
      break;
    case Kind::Coproc: {
      const auto& c = static_cast<const Coproc&>(n);
      prefixed_out("coproc " + c.name + " ", c.body, o, depth);
      break;
    }
    case Kind::Time: prefixed_out("time ", static_cast<const Time&>(n).body, o, depth); break;
  }
  if (n.kind != Kind::Simple) redirs_out(n.redirs, o, heredocs);
  o += '\n';
  o += heredocs;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Simple: return "Simple";
    case Kind::Pipeline: return "Pipeline";
    case Kind::AndOr: return "AndOr";
    case Kind::List: return "List";
    case Kind::Subshell: return "Subshell";
    case Kind::Group: return "Group";
    case Kind::If: return "If";
    case Kind::While: return "While";
    case Kind::For: return "For";
    case Kind::Case: return "Case";
    case Kind::FuncDef: return "FuncDef";
    case Kind::ArithCmd: return "ArithCmd";
    case Kind::CondCmd: return "CondCmd";
    case Kind::ArithFor: return "ArithFor";
    case Kind::Select: return "Select";
    case Kind::Coproc: return "Coproc";
    case Kind::Time: return "Time";
  }
  return "?";
}

}  // namespace

std::string word_to_string(const Word& w) {
  std::string o;
  word_out(w, o);
  return o;
}

std::string to_source(const Node& n, int indent) {
  std::string o;
  node_out(n, o, indent);
  while (!o.empty() && o.back() == '\n') o.pop_back();
  return o;
}

std::string dump(const Node& n, int indent) {
  std::string o;
  ind(o, indent);
  o += kind_name(n.kind);
  o += " @" + std::to_string(n.pos.line) + ":" + std::to_string(n.pos.col);
  std::string src;
  if (n.kind == Kind::Simple || n.kind == Kind::FuncDef) {
    src = to_source(n);
    auto nl = src.find('\n');
    if (nl != std::string::npos) src = src.substr(0, nl);
    o += "  " + src;
  }
  o += '\n';
  auto child = [&](const NodePtr& c) {
    if (c) o += dump(*c, indent + 1);
  };
  switch (n.kind) {
    case Kind::Pipeline: for (auto& c : static_cast<const Pipeline&>(n).cmds) child(c); break;
    case Kind::AndOr: for (auto& c : static_cast<const AndOr&>(n).items) child(c); break;
    case Kind::List: for (auto& c : static_cast<const List&>(n).items) child(c.cmd); break;
    case Kind::Subshell: child(static_cast<const Subshell&>(n).body); break;
    case Kind::Group: child(static_cast<const Group&>(n).body); break;
    case Kind::If:
      for (auto& b : static_cast<const If&>(n).branches) {
        child(b.first);
        child(b.second);
      }
      child(static_cast<const If&>(n).else_body);
      break;
    case Kind::While: child(static_cast<const While&>(n).cond); child(static_cast<const While&>(n).body); break;
    case Kind::For: child(static_cast<const For&>(n).body); break;
    case Kind::Select: child(static_cast<const Select&>(n).body); break;
    case Kind::ArithFor: child(static_cast<const ArithFor&>(n).body); break;
    case Kind::Case: for (auto& it : static_cast<const Case&>(n).items) child(it.body); break;
    case Kind::Coproc: child(static_cast<const Coproc&>(n).body); break;
    case Kind::Time: child(static_cast<const Time&>(n).body); break;
    default: break;
  }
  return o;
}

}  // namespace fdsh::ast
