// Unit tests for the job table: states from wait statuses, the current and previous job,
// job ids, and the lines `jobs` and the notifications print (as bash prints them).
#include "jobs/jobs.hpp"

#include <csignal>
#include <gtest/gtest.h>

namespace fdsh::jobs {
namespace {

// Wait statuses as the kernel encodes them.
int exited(int code) { return code << 8; }
int stopped_by(int sig) { return (sig << 8) | 0x7f; }
int killed_by(int sig) { return sig; }

Job job(const std::string& cmd, std::vector<int> pids) {
  Job j;
  j.command = cmd;
  j.pgid = pids.front();
  for (int p : pids) j.procs.push_back(Proc{p, false, false, 0, 0, {}});
  return j;
}

TEST(JobTable, StatesFollowWaitStatuses) {
  JobTable t;
  int id = t.add(job("sleep 1 | cat", {100, 101}));
  EXPECT_EQ(t.by_id(id)->state(), State::Running);
  t.record(100, stopped_by(SIGTSTP), 148, true, false);
  EXPECT_EQ(t.by_id(id)->state(), State::Running);  // cat still runs
  t.record(101, stopped_by(SIGTSTP), 148, true, false);
  EXPECT_EQ(t.by_id(id)->state(), State::Stopped);
  EXPECT_TRUE(t.by_id(id)->changed);
  t.resumed(*t.by_id(id));
  EXPECT_EQ(t.by_id(id)->state(), State::Running);
  t.record(100, exited(0), 0, false, false);
  t.record(101, exited(3), 3, false, false);
  EXPECT_EQ(t.by_id(id)->state(), State::Done);
  EXPECT_EQ(t.by_id(id)->status(), 3);
}

TEST(JobTable, CurrentIsTheLatestStoppedThenTheLatestToStartOrStop) {
  JobTable t;
  int a = t.add(job("sleep 10", {10}));
  int b = t.add(job("sleep 20", {20}));
  EXPECT_EQ(t.current(), b);
  EXPECT_EQ(t.previous(), a);
  t.record(10, stopped_by(SIGTSTP), 148, true, false);
  EXPECT_EQ(t.current(), a);
  EXPECT_EQ(t.previous(), b);
  // bg: no job is stopped, so the job that last started or stopped is current; a job
  // started after the stop would be (bash: `sleep 100`, Ctrl-Z, `sleep 200 &`, `bg %1`).
  t.resumed(*t.by_id(a));
  EXPECT_EQ(t.current(), a);
  int c = t.add(job("sleep 30", {30}));
  EXPECT_EQ(t.current(), c);
  EXPECT_EQ(t.previous(), a);
}

TEST(JobTable, ResolvesJobIds) {
  JobTable t;
  t.add(job("sleep 10", {10}));
  t.add(job("make all", {20}));
  std::string e;
  EXPECT_EQ(t.resolve("%1", e)->id, 1);
  EXPECT_EQ(t.resolve("%%", e)->id, 2);
  EXPECT_EQ(t.resolve("%+", e)->id, 2);
  EXPECT_EQ(t.resolve("%-", e)->id, 1);
  EXPECT_EQ(t.resolve("%make", e)->id, 2);
  EXPECT_EQ(t.resolve("%?all", e)->id, 2);
  EXPECT_EQ(t.resolve("%3", e), nullptr);
  EXPECT_EQ(e, "%3: no such job");
  t.add(job("sleep 30", {30}));
  EXPECT_EQ(t.resolve("%sleep", e), nullptr);
  EXPECT_EQ(e, "sleep: ambiguous job spec");
}

TEST(JobTable, PruneRemembersStatuses) {
  JobTable t;
  int id = t.add(job("false", {40}));
  t.record(40, exited(1), 1, false, false);
  t.by_id(id)->notified = true;
  t.prune();
  EXPECT_EQ(t.by_id(id), nullptr);
  EXPECT_EQ(t.reaped_status(40), 1);
}

TEST(FormatJob, AsBashPrintsIt) {
  Job j = job("sleep 100", {5096});
  j.id = 1;
  j.procs[0].stopped = true;
  j.procs[0].raw = stopped_by(SIGTSTP);
  EXPECT_EQ(format_job(j, '+', false), "[1]+  Stopped                 sleep 100\n");
  j.procs[0].raw = stopped_by(SIGSTOP);
  EXPECT_EQ(format_job(j, '+', true), "[1]+  5096 Stopped (signal)        sleep 100\n");
  j.procs[0].stopped = false;
  j.background = true;
  EXPECT_EQ(format_job(j, '-', false), "[1]-  Running                 sleep 100 &\n");
  j.procs[0].done = true;
  j.procs[0].raw = killed_by(SIGTERM);
  j.procs[0].status = 143;
  EXPECT_EQ(format_job(j, ' ', false), "[1]   Terminated              sleep 100\n");
  j.procs[0].raw = exited(2);
  j.procs[0].status = 2;
  EXPECT_EQ(format_job(j, '+', false), "[1]+  Exit 2                  sleep 100\n");
}

TEST(FormatJob, LongFormatListsEveryStage) {
  Job j = job("sleep 200 | cat", {5103, 5104});
  j.id = 2;
  j.background = true;
  j.procs[0].command = "sleep 200";
  j.procs[1].command = "cat";
  EXPECT_EQ(format_job(j, '-', true),
            "[2]-  5103 Running                 sleep 200\n"
            "      5104                       | cat &\n");
}

}  // namespace
}  // namespace fdsh::jobs
