// plan/plan.cpp — redirection operators to fd steps (XCU 2.7.1-2.7.7, bash &> >& {var}).
#include "plan/plan.hpp"

#include <fcntl.h>

namespace fdsh::plan {

using RO = ast::RedirOp;
using Step = os::FdStep;

namespace {

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

void CommandPlan::add(os::FdStep step, ast::Pos pos) {
  steps.push_back(std::move(step));
  where.push_back(pos);
}

void CommandPlan::take(int src, int fd, std::string label) {
  Step s;
  s.op = Step::Op::Take;
  s.src = src;
  s.fd = fd;
  s.label = std::move(label);
  add(std::move(s), ast::Pos{});
}

bool CommandPlan::has_named() const {
  for (const Step& s : steps)
    if (s.named) return true;
  return false;
}

CommandPlan wiring(int in, const std::string& in_label, int out, const std::string& out_label, bool stderr_too) {
  CommandPlan p;
  if (in >= 0 || !in_label.empty()) p.take(in, 0, in_label);
  if (out >= 0 || !out_label.empty()) {
    p.take(out, 1, out_label);
    if (stderr_too) p.take(out, 2, out_label);
  }
  return p;
}

os::FdStep stdin_from_null() {
  Step s;
  s.op = Step::Op::Open;
  s.fd = 0;
  s.path = "/dev/null";
  s.flags = O_RDONLY;
  return s;
}

Result<std::vector<Step>, std::string> plan_redirect(const ast::Redir& r, const std::string& target, bool noclobber,
                                                     int named_fd) {
  std::vector<Step> out;
  bool named = !r.fd_var.empty();
  auto deflt = [&](int d) { return named ? -1 : (r.fd >= 0 ? r.fd : d); };
  auto open_step = [&](int fd, int flags, bool nc) {
    Step s;
    s.op = Step::Op::Open;
    s.fd = fd;
    s.path = target;
    s.flags = flags;
    s.noclobber = nc;
    s.named = named;
    out.push_back(std::move(s));
  };
  if (target.empty() && r.op != RO::HereDoc && r.op != RO::HereString && r.op != RO::DupIn && r.op != RO::DupOut)
    return unexpected(std::string("cannot open '': No such file or directory"));
  switch (r.op) {
    case RO::In: open_step(deflt(0), O_RDONLY, false); break;
    case RO::Out: open_step(deflt(1), O_WRONLY | O_CREAT | O_TRUNC, noclobber); break;
    case RO::Clobber: open_step(deflt(1), O_WRONLY | O_CREAT | O_TRUNC, false); break;
    case RO::Append: open_step(deflt(1), O_WRONLY | O_CREAT | O_APPEND, false); break;
    case RO::ReadWrite: open_step(deflt(0), O_RDWR | O_CREAT, false); break;
    case RO::HereDoc:
    case RO::HereString: {
      Step s;
      s.op = Step::Op::Data;
      s.fd = deflt(0);
      s.data = target;
      s.named = named;
      out.push_back(std::move(s));
      break;
    }
    case RO::DupIn:
    case RO::DupOut: {
      int fd = deflt(r.op == RO::DupIn ? 0 : 1);
      if (target == "-") {
        Step s;
        s.op = Step::Op::Close;
        s.fd = named ? named_fd : fd;
        out.push_back(std::move(s));
        break;
      }
      std::string num = target;
      bool move = false;
      if (num.size() > 1 && num.back() == '-') {
        num.pop_back();
        move = true;
      }
      if (all_digits(num)) {
        if (num.size() > 9) return unexpected(num + ": bad file descriptor");
        Step s;
        s.op = Step::Op::Dup;
        s.fd = fd;
        s.src = std::stoi(num);
        s.move = move;
        s.named = named;
        out.push_back(std::move(s));
        break;
      }
      if (r.op == RO::DupOut && r.fd < 0 && !named) {
        // bash: >&file means &>file.
        open_step(1, O_WRONLY | O_CREAT | O_TRUNC, noclobber);
        Step d;
        d.op = Step::Op::Dup;
        d.fd = 2;
        d.src = 1;
        out.push_back(std::move(d));
        break;
      }
      return unexpected(target + ": ambiguous redirect");
    }
    case RO::OutErr:
    case RO::AppendErr: {
      open_step(1, r.op == RO::OutErr ? (O_WRONLY | O_CREAT | O_TRUNC) : (O_WRONLY | O_CREAT | O_APPEND),
                r.op == RO::OutErr && noclobber);
      Step d;
      d.op = Step::Op::Dup;
      d.fd = 2;
      d.src = 1;
      out.push_back(std::move(d));
      break;
    }
  }
  if (named)
    for (Step& s : out)
      if (s.named) s.var = r.fd_var;
  return out;
}

}  // namespace fdsh::plan
