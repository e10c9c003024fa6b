// Unit tests for fd plans: each redirection operator becomes the right fd steps.
#include "plan/plan.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

namespace fdsh::plan {
namespace {

using Op = os::FdStep::Op;

ast::Redir redir(ast::RedirOp op, int fd = -1) {
  ast::Redir r;
  r.op = op;
  r.fd = fd;
  return r;
}

TEST(Plan, OpenForms) {
  auto s = plan_redirect(redir(ast::RedirOp::Out), "f", false);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].op, Op::Open);
  EXPECT_EQ((*s)[0].fd, 1);
  EXPECT_EQ((*s)[0].flags, O_WRONLY | O_CREAT | O_TRUNC);
  auto a = plan_redirect(redir(ast::RedirOp::Append, 5), "f", false);
  EXPECT_EQ((*a)[0].fd, 5);
  EXPECT_TRUE((*a)[0].flags & O_APPEND);
  auto in = plan_redirect(redir(ast::RedirOp::In), "f", false);
  EXPECT_EQ((*in)[0].fd, 0);
  auto rw = plan_redirect(redir(ast::RedirOp::ReadWrite), "f", false);
  EXPECT_EQ((*rw)[0].flags, O_RDWR | O_CREAT);
}

TEST(Plan, Noclobber) {
  EXPECT_TRUE((*plan_redirect(redir(ast::RedirOp::Out), "f", true))[0].noclobber);
  EXPECT_FALSE((*plan_redirect(redir(ast::RedirOp::Clobber), "f", true))[0].noclobber);
}

TEST(Plan, DupMoveClose) {
  auto d = plan_redirect(redir(ast::RedirOp::DupOut, 2), "1", false);
  EXPECT_EQ((*d)[0].op, Op::Dup);
  EXPECT_EQ((*d)[0].src, 1);
  EXPECT_EQ((*d)[0].fd, 2);
  auto m = plan_redirect(redir(ast::RedirOp::DupOut, 4), "3-", false);
  EXPECT_TRUE((*m)[0].move);
  auto c = plan_redirect(redir(ast::RedirOp::DupIn, 3), "-", false);
  EXPECT_EQ((*c)[0].op, Op::Close);
  EXPECT_EQ((*c)[0].fd, 3);
  EXPECT_FALSE(plan_redirect(redir(ast::RedirOp::DupIn), "x", false).ok());
}

TEST(Plan, BashForms) {
  auto both = plan_redirect(redir(ast::RedirOp::OutErr), "f", false);
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[1].op, Op::Dup);
  EXPECT_EQ((*both)[1].fd, 2);
  auto file = plan_redirect(redir(ast::RedirOp::DupOut), "file", false);  // >&file
  ASSERT_EQ(file->size(), 2u);
  EXPECT_EQ((*file)[0].path, "file");
  auto hs = plan_redirect(redir(ast::RedirOp::HereString), "text\n", false);
  EXPECT_EQ((*hs)[0].op, Op::Data);
  EXPECT_EQ((*hs)[0].data, "text\n");
  ast::Redir named = redir(ast::RedirOp::Out);
  named.fd_var = "fd";
  auto n = plan_redirect(named, "f", false);
  EXPECT_TRUE((*n)[0].named);
  EXPECT_EQ((*n)[0].fd, -1);
}

}  // namespace
}  // namespace fdsh::plan
