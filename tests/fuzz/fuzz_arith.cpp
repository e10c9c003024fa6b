// fuzz_arith.cpp — libFuzzer target: shell arithmetic on arbitrary text with variables
// held in a map. Overflow, division by zero, huge shifts and deep nesting must give a
// value or an error, never a trap (UBSan aborts on undefined behaviour).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "expand/arith.hpp"

namespace {

struct MapHost : fdsh::expand::ArithHost {
  std::map<std::string, std::string, std::less<>> vars{{"x", "3"}, {"y", "x+1"}, {"self", "self"}, {"big", "9223372036854775807"}};
  std::optional<std::string> get_var(std::string_view name) override {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }
  std::string set_var(std::string_view name, const std::string& value) override {
    if (vars.size() > 1000) return "too many variables";
    vars[std::string(name)] = value;
    return {};
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  MapHost host;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = fdsh::expand::arith_eval(text, host);
  (void)r;
  return 0;
}
