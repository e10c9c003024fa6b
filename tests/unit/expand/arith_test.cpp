// Unit tests for shell arithmetic: operators, precedence, wrap-around, errors, limits.
#include "expand/arith.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <map>

namespace fdsh::expand {
namespace {

struct MapHost : ArithHost {
  std::map<std::string, std::string> vars;
  std::optional<std::string> get_var(std::string_view n) override {
    auto it = vars.find(std::string(n));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }
  std::string set_var(std::string_view n, const std::string& v) override {
    if (n == "RO") return "RO: readonly variable";
    vars[std::string(n)] = v;
    return {};
  }
};

std::int64_t ev(const std::string& e, MapHost& h) {
  auto r = arith_eval(e, h);
  EXPECT_TRUE(r.ok()) << e << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : -999;
}

std::int64_t ev(const std::string& e) {
  MapHost h;
  return ev(e, h);
}

bool fails(const std::string& e) {
  MapHost h;
  return !arith_eval(e, h).ok();
}

TEST(Arith, PrecedenceAndAssociativity) {
  EXPECT_EQ(ev("1+2*3"), 7);
  EXPECT_EQ(ev("(1+2)*3"), 9);
  EXPECT_EQ(ev("10-4-3"), 3);
  EXPECT_EQ(ev("2**3**2"), 512);
  EXPECT_EQ(ev("1 << 2 + 1"), 8);
  EXPECT_EQ(ev("5 & 3 | 8"), 9);
  EXPECT_EQ(ev("6 ^ 3"), 5);
  EXPECT_EQ(ev("1 < 2 == 1"), 1);
  EXPECT_EQ(ev("!0 + ~0"), 0);
  EXPECT_EQ(ev("-3 % 2"), -1);
  EXPECT_EQ(ev(""), 0);
  EXPECT_EQ(ev("  \n 7 \t"), 7);
}

TEST(Arith, Constants) {
  EXPECT_EQ(ev("0x1F"), 31);
  EXPECT_EQ(ev("017"), 15);
  EXPECT_EQ(ev("2#1010"), 10);
  EXPECT_EQ(ev("16#ff"), 255);
  EXPECT_EQ(ev("64#@"), 62);
  EXPECT_TRUE(fails("08"));
  EXPECT_TRUE(fails("1a"));
  EXPECT_TRUE(fails("65#1"));
}

TEST(Arith, AssignmentOperators) {
  MapHost h;
  EXPECT_EQ(ev("x = 5", h), 5);
  EXPECT_EQ(ev("x += 2", h), 7);
  EXPECT_EQ(ev("x *= 3", h), 21);
  EXPECT_EQ(ev("x /= 2", h), 10);
  EXPECT_EQ(ev("x %= 4", h), 2);
  EXPECT_EQ(ev("x <<= 3", h), 16);
  EXPECT_EQ(ev("x >>= 2", h), 4);
  EXPECT_EQ(ev("x |= 3", h), 7);
  EXPECT_EQ(ev("x &= 5", h), 5);
  EXPECT_EQ(ev("x ^= 1", h), 4);
  EXPECT_EQ(ev("x++", h), 4);
  EXPECT_EQ(ev("++x", h), 6);
  EXPECT_EQ(ev("x--", h), 6);
  EXPECT_EQ(h.vars["x"], "5");
  EXPECT_EQ(ev("a = b = 3", h), 3);
  EXPECT_EQ(h.vars["a"], "3");
  EXPECT_TRUE(fails("1 = 2"));
  auto r = arith_eval("RO = 1", h);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("readonly"), std::string::npos);
}

TEST(Arith, ShortCircuitDoesNotEvaluate) {
  MapHost h;
  EXPECT_EQ(ev("0 && (x = 1)", h), 0);
  EXPECT_EQ(ev("1 || (x = 1)", h), 1);
  EXPECT_EQ(ev("1 ? 2 : (x = 1)", h), 2);
  EXPECT_EQ(ev("0 && 1/0", h), 0);
  EXPECT_EQ(h.vars.count("x"), 0u);
  EXPECT_EQ(ev("0 ? 1 : 3", h), 3);
  EXPECT_EQ(ev("1, 2, 3", h), 3);
}

TEST(Arith, WrapAndTraps) {
  EXPECT_EQ(ev("9223372036854775807 + 1"), LLONG_MIN);
  MapHost h;
  h.vars["m"] = "-9223372036854775808";
  EXPECT_EQ(ev("m / -1", h), LLONG_MIN);
  EXPECT_EQ(ev("m % -1", h), 0);
  EXPECT_EQ(ev("1 << 64"), 1);
  EXPECT_EQ(ev("1 << -1"), LLONG_MIN);
  EXPECT_TRUE(fails("1 / 0"));
  EXPECT_TRUE(fails("1 % 0"));
  EXPECT_TRUE(fails("2 ** -1"));
}

TEST(Arith, VariablesAreEvaluatedRecursively) {
  MapHost h;
  h.vars["a"] = "b + 1";
  h.vars["b"] = "4";
  h.vars["e"] = "";
  EXPECT_EQ(ev("a * 2", h), 10);
  EXPECT_EQ(ev("e + unset", h), 0);
  h.vars["x"] = "y";
  h.vars["y"] = "x";
  auto r = arith_eval("x", h);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("recursion"), std::string::npos);
}

TEST(Arith, SyntaxErrors) {
  EXPECT_TRUE(fails("1 +"));
  EXPECT_TRUE(fails("(1"));
  EXPECT_TRUE(fails("1 2"));
  EXPECT_TRUE(fails(")"));
  EXPECT_TRUE(fails("1 ? 2"));
  // A base is decimal without a leading zero; digits must fit the base.
  EXPECT_TRUE(fails("02#0110"));
  EXPECT_TRUE(fails("2#A"));
  EXPECT_TRUE(fails("09"));
  EXPECT_EQ(ev("2#0110"), 6);
}

TEST(Arith, DeepNestingIsAnError) {
  std::string deep(100000, '(');
  EXPECT_TRUE(fails(deep + "1"));
  std::string ok(500, '(');
  ok += "1";
  ok += std::string(500, ')');
  EXPECT_EQ(ev(ok), 1);
}

}  // namespace
}  // namespace fdsh::expand
