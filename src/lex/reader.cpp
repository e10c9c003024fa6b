// lex/reader.cpp — character stream with alias frames (XCU 2.3.1) and line continuation (XCU 2.2.1).
#include "lex/reader.hpp"

namespace fdsh::lex {

Reader::Reader(std::string name, std::string text, MoreInput more)
    : name_(std::move(name)), buf_(std::move(text)), more_(std::move(more)) {
  if (!more_) eof_ = true;
}

bool Reader::fill() {
  if (eof_) return false;
  std::size_t before = buf_.size();
  if (!more_(buf_)) eof_ = true;
  return buf_.size() > before;
}

int Reader::peek_raw(std::size_t k) {
  // Walk alias frames from the top, then the main buffer.
  for (std::size_t i = frames_.size(); i-- > 0;) {
    const Frame& f = frames_[i];
    std::size_t avail = f.text.size() - f.pos;
    if (k < avail) return static_cast<unsigned char>(f.text[f.pos + k]);
    k -= avail;
  }
  while (pos_ + k >= buf_.size()) {
    if (!fill()) return -1;
  }
  return static_cast<unsigned char>(buf_[pos_ + k]);
}

int Reader::cur() {
  for (;;) {
    int c = peek_raw(0);
    if (c != '\\') return c;
    if (peek_raw(1) != '\n') return c;
    advance();
    advance();
  }
}

void Reader::advance() {
  while (!frames_.empty()) {
    Frame& f = frames_.back();
    if (f.pos < f.text.size()) {
      ++f.pos;
      if (f.pos == f.text.size()) {
        char last = f.text.empty() ? 0 : f.text.back();
        last_alias_blank_ = (last == ' ' || last == '\t');
        frames_.pop_back();
      }
      return;
    }
    frames_.pop_back();
  }
  if (pos_ >= buf_.size() && !fill()) return;
  char c = buf_[pos_++];
  if (c == '\n') {
    ++line_;
    col_ = 1;
    line_starts_.push_back(base_ + pos_);
  } else {
    ++col_;
  }
}

std::string Reader::line_text(std::uint32_t line) const {
  if (line < first_line_ || line - first_line_ >= line_starts_.size()) return {};  // forgotten
  std::size_t abs = line_starts_[line - first_line_];
  if (abs < base_ || abs - base_ > buf_.size()) return {};
  std::size_t start = abs - base_;
  std::size_t end = buf_.find('\n', start);
  if (end == std::string::npos) end = buf_.size();
  return buf_.substr(start, end - start);
}

void Reader::push_alias(std::string text, std::string alias_name) {
  last_alias_blank_ = false;
  if (text.empty()) return;
  frames_.push_back(Frame{std::move(text), 0, std::move(alias_name)});
}

bool Reader::alias_active(const std::string& name) const {
  for (const Frame& f : frames_)
    if (f.alias == name) return true;
  return false;
}

Reader::State Reader::save() const {
  return State{base_ + pos_, line_, col_, frames_.size(), frames_.empty() ? 0 : frames_.back().pos};
}

void Reader::restore(const State& s) {
  // Backtracking never crosses an alias boundary in practice; restore what we can.
  pos_ = s.pos >= base_ ? s.pos - base_ : 0;
  line_ = s.line;
  col_ = s.col;
  while (line_starts_.size() > 1 && first_line_ + line_starts_.size() - 1 > line_) line_starts_.pop_back();
  if (frames_.size() == s.nframes && !frames_.empty()) frames_.back().pos = s.top_pos;
}

void Reader::forget_consumed(std::size_t keep) {
  if (!frames_.empty() || pos_ < keep || line_starts_.empty()) return;
  std::size_t line_start = line_starts_.back();  // the current line stays for messages
  if (line_start <= base_) return;
  std::size_t cut = line_start - base_;
  if (cut > pos_) return;
  buf_.erase(0, cut);
  base_ += cut;
  pos_ -= cut;
  first_line_ += static_cast<std::uint32_t>(line_starts_.size() - 1);
  line_starts_.erase(line_starts_.begin(), line_starts_.end() - 1);
}

void Reader::skip_line(std::uint32_t line) {
  frames_.clear();
  while (line_ <= line && pos_ < buf_.size()) advance();
}

std::size_t Reader::drop_unread() {
  if (!frames_.empty() || !more_) return 0;
  std::size_t n = buf_.size() - pos_;
  buf_.resize(pos_);
  if (n) eof_ = false;
  return n;
}

}  // namespace fdsh::lex
