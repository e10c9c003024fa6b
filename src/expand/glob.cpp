// expand/glob.cpp — XCU 2.13.3: a pattern is split at '/', each component with special
// characters is matched against directory entries; '/' and a leading '.' are never
// matched by wildcards (unless dotglob); components without them are taken literally.
#include "expand/glob.hpp"

#include <algorithm>

#include "expand/pattern.hpp"
#include "os/dir.hpp"

namespace fdsh::expand {

namespace {

std::vector<std::string> split(std::string_view pat) {
  std::vector<std::string> parts;
  std::string cur;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (pat[i] == '\\' && i + 1 < pat.size()) {
      cur += pat[i];
      cur += pat[++i];
      continue;
    }
    if (pat[i] == '/') {
      parts.push_back(cur);
      cur.clear();
      continue;
    }
    cur += pat[i];
  }
  parts.push_back(cur);
  return parts;
}

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

void all_subdirs(const std::string& dir, bool dotglob, std::vector<std::string>& out, int depth) {
  if (depth > 64) return;
  auto names = os::list_dir(dir.empty() ? "." : dir);
  if (!names) return;
  std::sort(names->begin(), names->end());
  for (const std::string& n : *names) {
    if (n[0] == '.' && !dotglob) continue;
    std::string p = join(dir, n);
    if (os::is_directory(p)) {
      out.push_back(p);
      all_subdirs(p, dotglob, out, depth + 1);
    }
  }
}

}  // namespace

std::vector<std::string> glob_expand(std::string_view pat, const GlobOptions& opts) {
  if (!has_glob_chars(pat, opts.extglob)) return {};
  std::vector<std::string> comps = split(pat);
  std::vector<std::string> paths;
  std::size_t first = 0;
  if (!pat.empty() && pat[0] == '/') {
    paths.push_back("/");
    first = 1;
  } else {
    paths.push_back("");
  }
  bool trailing_slash = comps.size() > 1 && comps.back().empty();
  if (trailing_slash) comps.pop_back();
  PatternFlags pf;
  pf.extglob = opts.extglob;
  pf.nocase = opts.nocase;
  for (std::size_t ci = first; ci < comps.size(); ++ci) {
    const std::string& comp = comps[ci];
    bool last = ci + 1 == comps.size();
    std::vector<std::string> next;
    if (comp.empty()) {
      // Repeated slashes: keep them.
      for (auto& p : paths) next.push_back(p + "/");
    } else if (!has_glob_chars(comp, opts.extglob)) {
      std::string lit = unescape_pattern(comp);
      for (auto& p : paths) {
        std::string q = join(p, lit);
        if (last ? os::path_exists(q) : true) next.push_back(q);
      }
    } else if (opts.globstar && comp == "**") {
      for (auto& p : paths) {
        if (!last) next.push_back(p);  // zero directories
        std::vector<std::string> subs;
        all_subdirs(p, opts.dotglob, subs, 0);
        for (auto& s : subs) next.push_back(s);
        if (last) {
          auto names = os::list_dir(p.empty() ? "." : p);
          if (names)
            for (auto& n : *names)
              if (n[0] != '.' || opts.dotglob) {
                std::string q = join(p, n);
                if (!os::is_directory(q)) next.push_back(q);
              }
        }
      }
    } else {
      Pattern m = Pattern::compile(comp, pf);
      bool explicit_dot = comp[0] == '.' || (comp.size() > 1 && comp[0] == '\\' && comp[1] == '.');
      for (auto& p : paths) {
        if (!p.empty() && !os::is_directory(p)) continue;
        auto names = os::list_dir(p.empty() ? "." : p);
        if (!names) continue;
        for (const std::string& n : *names) {
          if (n[0] == '.' && !explicit_dot && !opts.dotglob) continue;
          if (!m.matches(n)) continue;
          std::string q = join(p, n);
          if (!last && !os::is_directory(q)) continue;
          next.push_back(std::move(q));
        }
      }
    }
    paths = std::move(next);
    if (paths.empty()) return {};
  }
  std::vector<std::string> out;
  for (auto& p : paths) {
    if (trailing_slash) {
      if (!os::is_directory(p)) continue;
      out.push_back(p + "/");
    } else {
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace fdsh::expand
