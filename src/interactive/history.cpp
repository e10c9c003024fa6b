// interactive/history.cpp — the history list (numbering, HISTCONTROL, HISTSIZE) and the
// history file: read at start, appended to under flock so that shells sharing it keep each
// other's lines, created private (mode 0600).
#include "interactive/history.hpp"

#include <fcntl.h>

#include <algorithm>

#include "os/fd.hpp"

namespace fdsh::interactive {

HistControl HistControl::parse(std::string_view value) {
  HistControl c;
  while (!value.empty()) {
    auto colon = value.find(':');
    std::string_view w = value.substr(0, colon);
    if (w == "ignorespace" || w == "ignoreboth") c.ignorespace = true;
    if (w == "ignoredups" || w == "ignoreboth") c.ignoredups = true;
    if (w == "erasedups") c.erasedups = true;
    if (colon == std::string_view::npos) break;
    value.remove_prefix(colon + 1);
  }
  return c;
}

const HistEntry* History::find(std::uint64_t n) const {
  if (n < base_ || n >= base_ + entries_.size()) return nullptr;
  return &entries_[n - base_];
}

bool History::add(std::string text, std::int64_t time, const HistControl& control) {
  if (control.ignorespace && !text.empty() && (text[0] == ' ' || text[0] == '\t')) return false;
  if (control.ignoredups && !entries_.empty() && entries_.back().text == text) return false;
  if (control.erasedups) {
    // Later numbers move down as earlier copies go, as in bash.
    auto same = [&](const HistEntry& e) { return e.text == text; };
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), same), entries_.end());
  }
  add_raw(HistEntry{std::move(text), time});
  return true;
}

void History::add_raw(HistEntry e) {
  entries_.push_back(std::move(e));
  ++unsaved_;
}

void History::limit(long long max) {
  if (max < 0) return;
  while (entries_.size() > static_cast<std::size_t>(max)) {
    entries_.pop_front();
    ++base_;
  }
}

bool History::erase(std::uint64_t n) {
  if (!find(n)) return false;
  entries_.erase(entries_.begin() + static_cast<long>(n - base_));
  return true;
}

void History::drop_last() {
  if (entries_.empty()) return;
  entries_.pop_back();
  if (unsaved_ > 0) --unsaved_;
}

void History::clear() {
  entries_.clear();
  base_ = 1;
  unsaved_ = 0;
}

namespace {

bool is_time_line(std::string_view line) {
  return line.size() > 1 && line[0] == '#' && line.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

/// The history file, open for reading and appending, created private, locked.
Result<os::Fd> open_locked(const std::string& path) {
  auto fd = os::open_file(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
  if (!fd) return unexpected(fd.error());
  os::Fd f(*fd);
  auto locked = os::lock_fd(f.get());
  if (!locked) return unexpected(locked.error());
  return f;
}

Result<Unit> rewrite(int fd, const std::string& text) {
  auto cut = os::truncate_fd(fd, 0);
  if (!cut) return cut;
  return os::write_all(fd, text);  // O_APPEND: from the new end, the start
}

}  // namespace

std::vector<HistEntry> parse_history(std::string_view text) {
  std::vector<HistEntry> out;
  bool timed = false;     // inside an entry started by a `#SECONDS` line
  bool has_line = false;  // that entry has a line already
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (is_time_line(line)) {
      out.push_back(HistEntry{"", std::stoll(std::string(line.substr(1, 18)))});
      timed = true;
      has_line = false;
    } else if (timed) {
      if (has_line) out.back().text += '\n';
      out.back().text.append(line);
      has_line = true;
    } else if (!line.empty()) {
      out.push_back(HistEntry{std::string(line), 0});
    }
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const HistEntry& e) { return e.text.empty(); }), out.end());
  return out;
}

std::string format_history(const std::vector<HistEntry>& entries) {
  std::string s;
  for (const auto& e : entries) {
    s += '#';
    s += std::to_string(e.time);
    s += '\n';
    s += e.text;
    s += '\n';
  }
  return s;
}

Result<std::vector<HistEntry>> read_history_file(const std::string& path) {
  auto fd = os::open_file(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (!fd) return unexpected(fd.error());
  os::Fd f(*fd);
  std::string text;
  auto r = os::read_all(f.get(), text);
  if (!r) return unexpected(r.error());
  return parse_history(text);
}

Result<Unit> append_history_file(const std::string& path, const std::vector<HistEntry>& entries,
                                 long long max_entries) {
  auto f = open_locked(path);
  if (!f) return unexpected(f.error());
  auto w = os::write_all(f->get(), format_history(entries));
  if (!w || max_entries < 0) return w;
  // HISTFILESIZE: the file keeps its newest entries; it is rewritten only when over.
  std::string text;
  if (auto s = os::seek(f->get(), 0, SEEK_SET); !s) return unexpected(s.error());
  if (auto r = os::read_all(f->get(), text); !r) return r;
  auto all = parse_history(text);
  if (all.size() <= static_cast<std::size_t>(max_entries)) return Unit{};
  std::vector<HistEntry> keep(all.end() - max_entries, all.end());
  return rewrite(f->get(), format_history(keep));
}

Result<Unit> write_history_file(const std::string& path, const std::vector<HistEntry>& entries) {
  auto f = open_locked(path);
  if (!f) return unexpected(f.error());
  return rewrite(f->get(), format_history(entries));
}

}  // namespace fdsh::interactive
