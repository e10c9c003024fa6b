// state/vars.cpp — the variable table; `local` saves the outer variable in the scope and
// restores it when the function returns (dynamic scoping, as bash and dash do).
#include "state/vars.hpp"

#include <algorithm>

namespace fdsh::state {

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  for (char c : s)
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

Var* Vars::find(const std::string& name) {
  auto it = map_.find(name);
  if (it == map_.end()) return nullptr;
  for (int hops = 0; (it->second.flags & Var::Nameref) && it->second.is_set(); ++hops) {
    if (hops >= 100) return nullptr;  // a circular chain of namerefs names nothing
    auto next = map_.find(it->second.value);
    if (next == map_.end()) return nullptr;
    it = next;
  }
  return &it->second;
}

std::optional<std::string> Vars::get(const std::string& name) {
  Var* v = find(name);
  if (!v || !v->is_set()) return std::nullopt;
  if (v->flags & Var::Indexed) {
    if (!v->indexed) return std::nullopt;
    auto it = v->indexed->find(0);
    if (it == v->indexed->end()) return std::nullopt;
    return it->second;
  }
  if (v->flags & Var::Assoc) {
    if (!v->assoc) return std::nullopt;
    auto it = v->assoc->find("0");
    if (it == v->assoc->end()) return std::nullopt;
    return it->second;
  }
  return v->value;
}

Var& Vars::ensure(const std::string& name) {
  Var* v = find(name);
  if (v) return *v;
  auto it = map_.find(name);
  if (it != map_.end() && (it->second.flags & Var::Nameref) && it->second.is_set()) {
    // A nameref to a variable that does not exist yet: create the target.
    return map_[it->second.value];
  }
  return map_[name];
}

bool Vars::set(const std::string& name, std::string value) {
  Var& v = ensure(name);
  if (v.flags & Var::Readonly) return false;
  if (v.flags & Var::Lower)
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v.flags & Var::Upper)
    for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (v.flags & Var::Indexed) {
    if (!v.indexed) v.indexed = std::make_shared<std::map<std::int64_t, std::string>>();
    (*v.indexed)[0] = std::move(value);
  } else if (v.flags & Var::Assoc) {
    if (!v.assoc) v.assoc = std::make_shared<std::map<std::string, std::string>>();
    if (!v.assoc->count("0")) v.assoc_order.push_back("0");
    (*v.assoc)["0"] = std::move(value);
  } else {
    v.value = std::move(value);
  }
  v.flags |= Var::Set;
  if (v.flags & Var::Exported) ++env_gen_;
  return true;
}

bool Vars::unset(const std::string& name, bool reveal_shadowed) {
  auto it = map_.find(name);
  if (it == map_.end()) return true;
  Var* v = &it->second;
  if ((v->flags & Var::Nameref) && v->is_set()) {
    Var* t = find(name);
    if (t) v = t;
  }
  if (v->flags & Var::Readonly) return false;
  if (v->flags & Var::Exported) ++env_gen_;
  if (reveal_shadowed && !scopes_.empty() && !is_local(name)) {
    // A local of an enclosing function: unset from a function it called removes that
    // local and reveals what it shadowed (bash; bash-completion's "upvars" rely on it).
    for (auto s = scopes_.rbegin(); s != scopes_.rend(); ++s) {
      for (auto p = s->saved.begin(); p != s->saved.end(); ++p) {
        if (p->first != name) continue;
        if (p->second) {
          if (p->second->flags & Var::Exported) ++env_gen_;
          map_[name] = std::move(*p->second);
        } else {
          map_.erase(name);
        }
        s->saved.erase(p);
        return true;
      }
    }
  }
  if (!scopes_.empty() && is_local(name)) {
    // An unset local stays local (and unset) until the function returns.
    v->value.clear();
    v->indexed.reset();
    v->assoc.reset();
    v->flags = 0;
    return true;
  }
  if (v == &it->second) map_.erase(it);
  else {
    v->value.clear();
    v->flags = 0;
    v->indexed.reset();
    v->assoc.reset();
  }
  return true;
}

void Vars::set_exported(const std::string& name, bool on) {
  Var& v = ensure(name);
  if (on) v.flags |= Var::Exported;
  else v.flags &= static_cast<std::uint16_t>(~Var::Exported);
  ++env_gen_;
}

void Vars::set_readonly(const std::string& name) { ensure(name).flags |= Var::Readonly; }

void Vars::push_scope() { scopes_.emplace_back(); }

void Vars::pop_scope() {
  if (scopes_.empty()) return;
  Scope s = std::move(scopes_.back());
  scopes_.pop_back();
  for (auto it = s.saved.rbegin(); it != s.saved.rend(); ++it) {
    auto cur = map_.find(it->first);
    if (cur != map_.end() && (cur->second.flags & Var::Exported)) ++env_gen_;
    if (it->second) {
      if (it->second->flags & Var::Exported) ++env_gen_;
      map_[it->first] = std::move(*it->second);
    } else {
      map_.erase(it->first);
    }
  }
}

bool Vars::is_local(const std::string& name) const {
  if (scopes_.empty()) return false;
  for (const auto& p : scopes_.back().saved)
    if (p.first == name) return true;
  return false;
}

bool Vars::make_local(const std::string& name) {
  if (scopes_.empty()) return false;
  if (is_local(name)) return true;
  auto it = map_.find(name);
  std::optional<Var> old;
  if (it != map_.end()) old = it->second;
  scopes_.back().saved.emplace_back(name, old);
  Var fresh;
  // A local keeps the export attribute of the variable it shadows.
  if (old && (old->flags & Var::Exported)) {
    fresh.flags |= Var::Exported;
    ++env_gen_;
  }
  map_[name] = std::move(fresh);
  return true;
}

std::vector<std::string> Vars::environment() const {
  std::vector<std::string> out;
  for (const auto& [name, v] : map_) {
    if ((v.flags & Var::Exported) && v.is_set() && !v.is_array()) out.push_back(name + "=" + v.value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<std::string, const Var*>> Vars::sorted() const {
  std::vector<std::pair<std::string, const Var*>> out;
  out.reserve(map_.size());
  for (const auto& [name, v] : map_) out.emplace_back(name, &v);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::optional<Var> Vars::save(const std::string& name) const {
  auto it = map_.find(name);
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

void Vars::restore(const std::string& name, std::optional<Var> v) {
  auto it = map_.find(name);
  if ((it != map_.end() && (it->second.flags & Var::Exported)) || (v && (v->flags & Var::Exported))) ++env_gen_;
  if (v) map_[name] = std::move(*v);
  else if (it != map_.end()) map_.erase(it);
}

}  // namespace fdsh::state
