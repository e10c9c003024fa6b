// fuzz_expand.cpp — libFuzzer target: word expansion. Arbitrary text is parsed as a
// program and the words of its simple commands are expanded against a sandboxed host:
// variables live in a map, command and process substitution return fixed text and run
// nothing, pathname expansion is off.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "ast/ast.hpp"
#include "diag/diag.hpp"
#include "expand/expand.hpp"
#include "expand/pattern.hpp"
#include "parse/parser.hpp"
#include "walk.hpp"

namespace {

struct Failed {};

struct SandboxHost : fdsh::expand::Host {
  std::map<std::string, std::string, std::less<>> vars{{"IFS", " \t\n"}, {"x", "a b  c"}, {"n", "5"},
                                                       {"e", ""},        {"p", "*.c"},   {"HOME", "/home/u"}};
  std::map<std::string, std::vector<std::string>> arrays{{"arr", {"one", "two words", ""}}};
  std::vector<std::string> pos{"p1", "p 2", ""};
  fdsh::state::Options opts;
  int assigned = 0;

  SandboxHost() { opts.noglob = true; }

  std::optional<std::string> get_var(std::string_view name) override {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }
  std::string set_var(std::string_view name, const std::string& value) override {
    if (++assigned > 1000) return "too many assignments";
    vars[std::string(name)] = value.substr(0, 1 << 16);
    return {};
  }
  std::optional<std::string> lookup(const std::string& name) override {
    if (name == "@" || name == "*") return std::string("p1 p 2 ");
    if (name == "#") return std::to_string(pos.size());
    if (name == "?") return std::string("0");
    if (name == "$") return std::string("4242");
    if (name == "1") return pos[0];
    return get_var(name);
  }
  const std::vector<std::string>& positional() override { return pos; }
  std::vector<std::string> array_values(const std::string& name, bool& is_array) override {
    auto it = arrays.find(name);
    is_array = it != arrays.end();
    if (is_array) return it->second;
    auto v = get_var(name);
    return v ? std::vector<std::string>{*v} : std::vector<std::string>{};
  }
  std::vector<std::string> array_keys(const std::string& name) override {
    std::vector<std::string> keys;
    auto it = arrays.find(name);
    if (it != arrays.end())
      for (std::size_t i = 0; i < it->second.size(); ++i) keys.push_back(std::to_string(i));
    return keys;
  }
  std::optional<std::string> array_get(const std::string& name, const std::string& index) override {
    auto it = arrays.find(name);
    if (it == arrays.end()) return index == "0" ? get_var(name) : std::nullopt;
    char* end = nullptr;
    long i = std::strtol(index.c_str(), &end, 10);
    if (i < 0 || static_cast<std::size_t>(i) >= it->second.size()) return std::nullopt;
    return it->second[static_cast<std::size_t>(i)];
  }
  void assign(const std::string& name, const std::string& value) override {
    if (++assigned > 1000) throw Failed{};
    vars[name] = value.substr(0, 1 << 16);
  }
  std::string command_subst(const fdsh::ast::NodePtr&) override { return "sub out\n\n"; }
  std::string process_subst(const fdsh::ast::NodePtr&, bool) override { return "/dev/fd/63"; }
  const fdsh::state::Options& options() override { return opts; }
  std::vector<std::string> names_with_prefix(const std::string& prefix) override {
    std::vector<std::string> out;
    for (const auto& [k, v] : vars)
      if (k.rfind(prefix, 0) == 0) out.push_back(k);
    return out;
  }
  const std::string* ifs() override {
    auto it = vars.find("IFS");
    return it == vars.end() ? nullptr : &it->second;
  }
  std::string attributes(const std::string& name) override { return arrays.count(name) ? "a" : ""; }
  std::string prompt(const std::string& text) override { return text; }
  // The system's user database stays out of the sandbox (and out of the fuzzer's time: a
  // brace expansion can ask for 100,000 different users).
  std::optional<std::string> user_home(const std::string& user) override {
    if (user.empty() || user == "root") return std::string(user.empty() ? "/home/u" : "/root");
    return std::nullopt;
  }
  [[noreturn]] void fail(fdsh::ast::Pos, const std::string&) override { throw Failed{}; }
  [[noreturn]] void fail_command(fdsh::ast::Pos, const std::string&) override { throw Failed{}; }
};

void expand_simple(fdsh::expand::Expander& ex, const fdsh::ast::Node& n) {
  using namespace fdsh::ast;
  if (n.kind != Kind::Simple) return;
  const auto& s = static_cast<const Simple&>(n);
  try {
    for (const Assign& a : s.assigns) (void)ex.assignment(a.value);
  } catch (const Failed&) {
  }
  try {
    auto fields = ex.words(s.words);
    (void)fields;
  } catch (const Failed&) {
  }
  for (const Word& w : s.words) {
    try {
      (void)ex.pattern(w);
      (void)ex.string(w);
    } catch (const Failed&) {
    }
  }
  // Differential check: the direct matcher behind pattern_match() and the compiled
  // automaton must agree on the first word as a pattern against the second as text.
  if (s.words.size() >= 2) {
    try {
      std::string pat = ex.pattern(s.words[0]);
      std::string text = ex.string(s.words[1]);
      if (fdsh::expand::pattern_match(pat, text) != fdsh::expand::Pattern::compile(pat).matches(text))
        __builtin_trap();
    } catch (const Failed&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  fdsh::ast::NodePtr tree;
  try {
    tree = fdsh::parse::parse_text("fuzz", text);
  } catch (const fdsh::diag::Error&) {
    return 0;
  }
  if (!tree) return 0;
  SandboxHost host;
  fdsh::expand::Expander ex(host);
  fdsh::fuzz::walk(*tree, [&](const fdsh::ast::Node& n) { expand_simple(ex, n); });
  return 0;
}
