// state/vars.hpp — shell variables (XCU 2.5.3): values, export and readonly attributes,
// dynamic scopes for `local`, bash indexed and associative arrays.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace fdsh::state {

/// One variable. A scalar keeps its value in `value`; arrays keep elements in the maps.
struct Var {
  enum Flags : std::uint16_t {
    Set = 1,         ///< has a value (declared-but-unset variables exist for `local x`, `export x`)
    Exported = 2,
    Readonly = 4,
    Integer = 8,
    Indexed = 16,
    Assoc = 32,
    Nameref = 64,
    Lower = 128,
    Upper = 256,
  };
  std::string value;
  std::uint16_t flags = 0;
  std::shared_ptr<std::map<std::int64_t, std::string>> indexed;
  std::shared_ptr<std::map<std::string, std::string>> assoc;
  std::vector<std::string> assoc_order;  ///< insertion order of keys
  bool is_set() const { return flags & Set; }
  bool is_array() const { return flags & (Indexed | Assoc); }
};

/// The variable table with function-call scopes.
class Vars {
 public:
  /// The variable, or nullptr. Follows namerefs.
  Var* find(const std::string& name);
  /// Value of a set scalar (element 0 of an array), or nullopt.
  std::optional<std::string> get(const std::string& name);
  /// Assigns; returns false if the variable is readonly.
  bool set(const std::string& name, std::string value);
  /// Gets or creates the variable (unset) in the current scope.
  Var& ensure(const std::string& name);
  /// Unsets; returns false if readonly. A local of the current function stays local and
  /// unset; with `reveal_shadowed`, a local of an enclosing function is removed instead,
  /// showing the variable it shadowed (bash's dynamic unset).
  bool unset(const std::string& name, bool reveal_shadowed = false);
  /// Marks exported (creating it unset if needed).
  void set_exported(const std::string& name, bool on);
  /// Marks readonly.
  void set_readonly(const std::string& name);
  /// Enters a function scope.
  void push_scope();
  /// Leaves a function scope, restoring variables made local in it.
  void pop_scope();
  /// Makes `name` local to the current function scope (returns false outside a function).
  bool make_local(const std::string& name);
  /// True if `name` is local to any function scope in progress.
  bool local_somewhere(const std::string& name) const {
    for (const auto& s : scopes_)
      for (const auto& p : s.saved)
        if (p.first == name) return true;
    return false;
  }
  /// Depth of function scopes.
  std::size_t scope_depth() const { return scopes_.size(); }
  /// True if name is local in the innermost scope.
  bool is_local(const std::string& name) const;
  /// NAME=value for every exported, set variable.
  std::vector<std::string> environment() const;
  /// All variables, sorted by name.
  std::vector<std::pair<std::string, const Var*>> sorted() const;
  /// Bumped on every change to an exported variable (for environment caching).
  std::uint64_t env_generation() const { return env_gen_; }
  /// Snapshot for temporary assignments (prefix assignments to functions/special builtins).
  std::optional<Var> save(const std::string& name) const;
  void restore(const std::string& name, std::optional<Var> v);

 private:
  std::unordered_map<std::string, Var> map_;
  struct Scope {
    std::vector<std::pair<std::string, std::optional<Var>>> saved;
  };
  std::vector<Scope> scopes_;
  std::uint64_t env_gen_ = 0;
};

/// True if s is a valid variable name.
bool is_name(std::string_view s);

}  // namespace fdsh::state
