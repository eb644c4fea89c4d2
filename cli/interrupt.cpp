#include "cli/interrupt.hpp"

#include <unistd.h>

#include <csignal>

namespace kg::cli {
namespace {

std::atomic<bool> interrupted{false};
std::atomic<bool> second_exits{true};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

// The first Ctrl-C asks the running statement to stop; a second one, when
// nothing is polling the flag, ends kg at once.
extern "C" void on_interrupt(int) {
  if (interrupted.exchange(true) && second_exits.load()) _exit(130);
}

}  // namespace

const std::atomic<bool>* interrupt_flag() {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    return true;
  }();
  (void)installed;
  return &interrupted;
}

void clear_interrupt() { interrupted.store(false); }

void exit_on_second_interrupt(bool on) { second_exits.store(on); }

}  // namespace kg::cli
