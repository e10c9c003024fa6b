// tests/unit/diag/sources_test.cpp — source ids, their labels, and carets under a span.
#include <gtest/gtest.h>

#include "diag/diag.hpp"
#include "diag/sources.hpp"
#include "lex/reader.hpp"

namespace fdsh::diag {
namespace {

TEST(Sources, LabelsNameTheTextThatRanThem) {
  SourceId file = add_source(SourceKind::File, "main.sh");
  SourceId ev = add_source(SourceKind::Eval, "eval", file, 3);
  SourceId tr = add_source(SourceKind::Trap, "trap", ev, 1);
  EXPECT_EQ(source_label(file), "main.sh");
  EXPECT_EQ(source_label(ev), "main.sh:3: eval");
  EXPECT_EQ(source_label(tr), "main.sh:3: eval:1: trap");
  EXPECT_EQ(source(ev).kind, SourceKind::Eval);
  EXPECT_EQ(source(ev).parent, file);
}

TEST(Sources, TheSameTextRunAgainKeepsItsId) {
  SourceId file = add_source(SourceKind::File, "loop.sh");
  SourceId a = add_source(SourceKind::Eval, "eval", file, 7);
  EXPECT_EQ(add_source(SourceKind::Eval, "eval", file, 7), a);
  EXPECT_NE(add_source(SourceKind::Eval, "eval", file, 8), a);
  EXPECT_EQ(source_label(0), "");
}

TEST(Sources, ReaderPositionsCarryTheirSource) {
  SourceId id = add_source(SourceKind::CommandString, "-c");
  lex::Reader r("-c", "echo hi\n");
  r.set_source(id);
  r.advance();
  EXPECT_EQ(r.pos().source, id);
  EXPECT_EQ(r.pos().col, 2u);
}

TEST(Render, CaretUnderlinesASpan) {
  Error point(Location{"f.sh", 1, 3}, "bad", "a bc d", true);
  EXPECT_EQ(render(point), "fdsh: f.sh:1:3: bad\n  a bc d\n    ^\n");
  Error span(Location{"f.sh", 1, 3, 5}, "bad", "a bc d", true);
  EXPECT_EQ(render(span), "fdsh: f.sh:1:3: bad\n  a bc d\n    ^~\n");
}

}  // namespace
}  // namespace fdsh::diag
