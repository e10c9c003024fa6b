// diag/sources.cpp — the table of source texts (see sources.hpp).
#include "diag/sources.hpp"

#include <map>
#include <tuple>
#include <vector>

namespace fdsh::diag {

namespace {

struct Table {
  std::vector<Source> list{Source{}};  // id 0: unknown
  std::map<std::tuple<SourceKind, std::string, SourceId, std::uint32_t>, SourceId> index;
};

Table& table() {
  static Table t;
  return t;
}

}  // namespace

SourceId add_source(SourceKind kind, const std::string& name, SourceId parent, std::uint32_t parent_line) {
  Table& t = table();
  auto key = std::make_tuple(kind, name, parent, parent_line);
  auto it = t.index.find(key);
  if (it != t.index.end()) return it->second;
  SourceId id = static_cast<SourceId>(t.list.size());
  t.list.push_back(Source{kind, name, parent, parent_line});
  t.index.emplace(std::move(key), id);
  return id;
}

const Source& source(SourceId id) {
  Table& t = table();
  return id < t.list.size() ? t.list[id] : t.list[0];
}

std::string source_label(SourceId id) {
  const Source& s = source(id);
  if (!s.parent) return s.name;
  return source_label(s.parent) + ":" + std::to_string(s.parent_line) + ": " + s.name;
}

}  // namespace fdsh::diag
