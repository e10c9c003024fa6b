// Unit tests for the variable table: attributes, function scopes, environment.
#include "state/vars.hpp"

#include <gtest/gtest.h>

namespace fdsh::state {
namespace {

TEST(Vars, SetGetUnset) {
  Vars v;
  EXPECT_FALSE(v.get("x"));
  EXPECT_TRUE(v.set("x", "1"));
  EXPECT_EQ(v.get("x"), "1");
  EXPECT_TRUE(v.unset("x"));
  EXPECT_FALSE(v.get("x"));
}

TEST(Vars, Readonly) {
  Vars v;
  v.set("r", "1");
  v.set_readonly("r");
  EXPECT_FALSE(v.set("r", "2"));
  EXPECT_FALSE(v.unset("r"));
  EXPECT_EQ(v.get("r"), "1");
}

TEST(Vars, LocalScopesRestore) {
  Vars v;
  v.set("x", "global");
  v.push_scope();
  EXPECT_TRUE(v.make_local("x"));
  EXPECT_FALSE(v.get("x"));  // a new local starts unset
  v.set("x", "local");
  EXPECT_EQ(v.get("x"), "local");
  EXPECT_TRUE(v.is_local("x"));
  v.pop_scope();
  EXPECT_EQ(v.get("x"), "global");
  EXPECT_FALSE(v.make_local("y"));  // no function scope
}

TEST(Vars, EnvironmentHasExportedSetVariables) {
  Vars v;
  v.set("A", "1");
  v.set("B", "2");
  v.set_exported("A", true);
  v.set_exported("C", true);  // exported but unset: not in the environment
  auto env = v.environment();
  ASSERT_EQ(env.size(), 1u);
  EXPECT_EQ(env[0], "A=1");
  auto gen = v.env_generation();
  v.set("A", "3");
  EXPECT_NE(v.env_generation(), gen);
}

TEST(Vars, Namerefs) {
  Vars v;
  v.set("target", "value");
  Var& ref = v.ensure("ref");
  ref.value = "target";
  ref.flags = Var::Set | Var::Nameref;
  EXPECT_EQ(v.get("ref"), "value");
  v.set("ref", "changed");
  EXPECT_EQ(v.get("target"), "changed");
}

TEST(Vars, Names) {
  EXPECT_TRUE(is_name("_a1"));
  EXPECT_FALSE(is_name("1a"));
  EXPECT_FALSE(is_name("a-b"));
  EXPECT_FALSE(is_name(""));
}

}  // namespace
}  // namespace fdsh::state
