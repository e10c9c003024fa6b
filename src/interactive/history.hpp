// interactive/history.hpp — the command history: entries as they were typed (a multi-line
// command is one entry), numbered from 1 (XCU fc), limited by HISTSIZE, filtered by
// HISTCONTROL; the history file, shared safely by several shells (appends under a lock).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace fdsh::interactive {

/// One remembered command.
struct HistEntry {
  std::string text;       ///< as typed (after history expansion), lines joined with '\n'
  std::int64_t time = 0;  ///< seconds since the epoch when it was entered (0: unknown)
};

/// HISTCONTROL, parsed: ignorespace, ignoredups, ignoreboth, erasedups.
struct HistControl {
  bool ignorespace = false;
  bool ignoredups = false;
  bool erasedups = false;
  /// Reads a colon-separated HISTCONTROL value (unknown words are ignored).
  static HistControl parse(std::string_view value);
};

/// The history list and the command being typed.
class History {
 public:
  /// Number of the first entry (1 until entries are dropped from the front).
  std::uint64_t base() const { return base_; }
  /// Number the next entry gets.
  std::uint64_t next_number() const { return base_ + entries_.size(); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::deque<HistEntry>& entries() const { return entries_; }
  /// The entry numbered n, or null.
  const HistEntry* find(std::uint64_t n) const;

  /// Adds an entry unless HISTCONTROL drops it; true if added.
  bool add(std::string text, std::int64_t time, const HistControl& control);
  /// Adds an entry as it is (history -r, history -s, the history file).
  void add_raw(HistEntry e);
  /// Keeps at most `max` entries (the newest); max < 0: no limit.
  void limit(long long max);
  /// Deletes entry number n; false if there is none.
  bool erase(std::uint64_t n);
  /// Deletes the newest entry (the `history -s` or `fc -s` line itself).
  void drop_last();
  /// Empties the list (history -c).
  void clear();

  /// Entries not yet written to the history file (history -a writes them).
  std::size_t unsaved() const { return unsaved_ > entries_.size() ? entries_.size() : unsaved_; }
  /// Marks every entry as written.
  void mark_saved() { unsaved_ = 0; }
  /// Entries of the history file already read or written (history -n reads the rest).
  std::size_t file_entries = 0;

  /// The command being typed: its lines so far.
  std::string typing;
  /// Lines read at the prompt so far (for the locations of history expansion errors).
  std::uint32_t lines_typed = 0;
  /// Number of the next command entered at the prompt (the prompt's \#).
  std::uint64_t command_number = 1;
  /// A failure to write the history file has been reported (it is reported once).
  bool file_error_reported = false;

 private:
  std::deque<HistEntry> entries_;
  std::uint64_t base_ = 1;
  std::size_t unsaved_ = 0;
};

/// Reads a history file: a `#SECONDS` line starts an entry (its following lines up to the
/// next such line are the entry); lines before any such line are one entry each.
Result<std::vector<HistEntry>> read_history_file(const std::string& path);
/// Appends entries to a history file (created with mode 0600) under an exclusive lock, then
/// keeps only the newest `max_entries` of the file (max_entries < 0: all).
Result<Unit> append_history_file(const std::string& path, const std::vector<HistEntry>& entries, long long max_entries);
/// Replaces the contents of a history file with `entries`, under the same lock.
Result<Unit> write_history_file(const std::string& path, const std::vector<HistEntry>& entries);
/// The text of entries as the history file holds them.
std::string format_history(const std::vector<HistEntry>& entries);
/// Parses history file text (see read_history_file).
std::vector<HistEntry> parse_history(std::string_view text);

}  // namespace fdsh::interactive
