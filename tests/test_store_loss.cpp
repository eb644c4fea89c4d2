// The ways a store could be lost, bricked or stalled, each closed: two
// names for one file, two first uses of the default store at once, a first
// import interrupted, an export onto a store, two exports racing for one
// file, a path SQLite would read as a URI, a path that is no file, a store
// in a folder kg may not write, and running out of memory.
// KG_LOSS_RUNS=N repeats the racing and killing tests N times.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "tests/helpers.hpp"

using kg::test::run_kg;
using kg::test::run_result;
using kg::test::shell_quote;
using kg::test::slurp;
using kg::test::spawn_kg;
using kg::test::temp_dir;
using kg::test::wait_for;

namespace {

int runs() {
  const char* v = std::getenv("KG_LOSS_RUNS");
  return v && *v ? std::max(1, std::atoi(v)) : 3;
}

// A TSV file of n facts tagged tag.
std::string facts_file(const temp_dir& tmp, const std::string& name, const std::string& tag, int n) {
  std::string text = "subject\tpredicate\tobject\n";
  for (int i = 0; i < n; ++i)
    text += tag + " " + std::to_string(i) + "\tlinked_to\t" + tag + " " + std::to_string(i + 1) + "\n";
  return tmp.write(name, text);
}

// Runs a shell command line; its exit code and output.
run_result run_shell(const std::string& command) {
  temp_dir io;
  const auto out = io.path("stdout"), err = io.path("stderr");
  const int status =
      std::system((command + " </dev/null >" + shell_quote(out) + " 2>" + shell_quote(err)).c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

std::string count_of(const std::string& db) {
  return run_kg("--db " + shell_quote(db) + " query 'count where ?s ?p ?o'").out;
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_SUITE("store loss") {
  TEST_CASE("a store with two hard links is refused through either name, and nothing is written") {
    temp_dir tmp;
    const auto a = tmp.path("a.kg"), b = tmp.path("b.kg");
    REQUIRE(run_kg("--db " + shell_quote(a) + " import -q " + shell_quote(facts_file(tmp, "f.tsv", "F", 50)))
                .exit_code == 0);
    const auto before = count_of(a);
    REQUIRE(::link(a.c_str(), b.c_str()) == 0);
    const auto refused = run_kg("--db " + shell_quote(b) + " query 'add X met Y'");
    CHECK(refused.exit_code == 4);
    CHECK(refused.err.find("has 2 hard links") != std::string::npos);
    CHECK(run_kg("--db " + shell_quote(a) + " query '?s linked_to ?o'").exit_code == 4);

    // Writers through both names at once: every one is refused.
    int writers = 0, held = 0;
    for (int r = 0; r < runs(); ++r) {
      std::vector<pid_t> pids;
      for (int k = 0; k < 10; ++k)
        pids.push_back(spawn_kg({"--db", k % 2 ? a : b, "query", "add W" + std::to_string(k) + " met Z"}));
      for (auto pid : pids) {
        ++writers;
        held += wait_for(pid) == 4;
      }
    }
    CHECK(held == writers);
    MESSAGE(writers << " writers through two names, " << held << " refused");
    REQUIRE(::unlink(b.c_str()) == 0);
    CHECK(run_kg("--db " + shell_quote(a) + " check").out == "ok\n");
    CHECK(count_of(a) == before);
  }

  TEST_CASE("first uses of the default store at once all see the one seeded store") {
    int tries = 0, held = 0;
    for (int r = 0; r < runs(); ++r) {
      temp_dir home;
      const std::string env = "XDG_DATA_HOME=" + home.path("data");
      std::vector<pid_t> pids;
      for (int k = 0; k < 3; ++k)
        pids.push_back(spawn_kg({"query", "count where ?s ?p ?o"}, {env},
                                home.path("out" + std::to_string(k)), home.path("err" + std::to_string(k))));
      std::vector<int> status;
      for (auto pid : pids) status.push_back(wait_for(pid));
      const auto final_count = run_kg("query 'count where ?s ?p ?o'", "", env);
      bool ok = final_count.exit_code == 0 && final_count.out.size() > 6;
      for (int k = 0; k < 3; ++k) {
        ok = ok && status[k] == 0 && slurp(home.path("out" + std::to_string(k))) == final_count.out;
        CHECK_MESSAGE(status[k] == 0, slurp(home.path("err" + std::to_string(k))));
      }
      // Only the store is left: no half-made one beside it.
      for (const auto& f : files_in(home.path("data") + "/kg"))
        ok = ok && (f == "kg.db" || f == "kg.db-wal" || f == "kg.db-shm");
      CHECK_MESSAGE(ok, "run " << r << ": " << final_count.out << final_count.err);
      ++tries;
      held += ok;
    }
    MESSAGE(tries << " runs of three first uses at once; " << held << " held");
  }

  TEST_CASE("a first import interrupted at any moment leaves no store, or a sound one others can use") {
    temp_dir tmp;
    constexpr int n = 20000;
    const auto file = facts_file(tmp, "f.tsv", "F", n);
    std::mt19937 random(11);
    int tries = 0, held = 0;
    for (int r = 0; r < runs(); ++r)
      for (int sig : {SIGKILL, SIGINT, SIGTERM}) {
        const auto db = tmp.path("new" + std::to_string(tries) + ".kg");
        const pid_t pid = spawn_kg({"--db", db, "import", "-q", file});
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<>(0, 40000)(random)));
        kill(pid, sig);
        wait_for(pid);
        bool ok = true;
        if (std::filesystem::exists(db)) {
          const auto check = run_kg("--db " + shell_quote(db) + " check");
          const auto count = count_of(db);
          ok =
              check.out == "ok\n" && (count == "count\n0\n" || count == "count\n" + std::to_string(n) + "\n");
          CHECK_MESSAGE(ok, "signal " << sig << ": " << check.out << check.err << count);
        }
        // Importing again works either way.
        const auto again = run_kg("--db " + shell_quote(db) + " import -q " + shell_quote(file));
        ok = ok && again.exit_code == 0 && count_of(db) == "count\n" + std::to_string(n) + "\n";
        CHECK_MESSAGE(ok, again.err);
        ++tries;
        held += ok;
      }
    MESSAGE(tries << " first imports interrupted (SIGKILL, SIGINT, SIGTERM) in their first 40 ms; " << held
                  << " held");
  }

  TEST_CASE("export refuses to write over the store it reads, its files, or another kg store") {
    temp_dir tmp;
    const auto db = tmp.path("s.nt");  // a store whose name looks like an export
    REQUIRE(run_kg("--db " + shell_quote(db) + " import -q --format tsv " +
                   shell_quote(facts_file(tmp, "f.tsv", "F", 20)))
                .exit_code == 0);
    const auto other = tmp.path("other.kg");
    REQUIRE(
        run_kg("--db " + shell_quote(other) + " import -q " + shell_quote(facts_file(tmp, "g.tsv", "G", 5)))
            .exit_code == 0);
    const auto before = slurp(db);
    for (const auto& args : {"export " + shell_quote(db) + " --format tsv", "export " + shell_quote(db),
                             "export " + shell_quote(other) + " --format nt"}) {
      const auto r = run_kg("--db " + shell_quote(db) + " " + args);
      CHECK_MESSAGE(r.exit_code == 2, args);
      CHECK(r.err.find("will not export onto") != std::string::npos);
    }
    CHECK(slurp(db) == before);
    CHECK(run_kg("--db " + shell_quote(db) + " check").out == "ok\n");
    CHECK(run_kg("--db " + shell_quote(other) + " check").out == "ok\n");
    CHECK(count_of(other) == "count\n5\n");
    // A device is written as it is, never replaced.
    CHECK(run_kg("--db " + shell_quote(db) + " export /dev/null --format nt").exit_code == 0);
    struct stat st {};
    REQUIRE(::stat("/dev/null", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
  }

  TEST_CASE("two exports to one file at once each write their own whole file") {
    temp_dir tmp;
    const auto a = tmp.path("a.kg"), b = tmp.path("b.kg");
    REQUIRE(
        run_kg("--db " + shell_quote(a) + " import -q " + shell_quote(facts_file(tmp, "a.tsv", "A", 3000)))
            .exit_code == 0);
    REQUIRE(
        run_kg("--db " + shell_quote(b) + " import -q " + shell_quote(facts_file(tmp, "b.tsv", "B", 3000)))
            .exit_code == 0);
    const auto whole_a = run_kg("--db " + shell_quote(a) + " export --format tsv").out;
    const auto whole_b = run_kg("--db " + shell_quote(b) + " export --format tsv").out;
    const auto out = tmp.path("out.tsv");
    for (int r = 0; r < runs(); ++r) {
      const pid_t pa = spawn_kg({"--db", a, "export", out});
      const pid_t pb = spawn_kg({"--db", b, "export", out});
      CHECK(wait_for(pa) == 0);
      CHECK(wait_for(pb) == 0);
      const auto got = slurp(out);
      CHECK((got == whole_a || got == whole_b));
    }
    // No temporary file is left behind.
    for (const auto& f : files_in(tmp.path("."))) CHECK_FALSE(f.starts_with("out.tsv."));
  }

  TEST_CASE("a --db path that reads as an SQLite URI is a file name") {
    temp_dir tmp;
    const std::string name = "file:x.kg?mode=memory";
    const auto file = facts_file(tmp, "f.tsv", "F", 1000);
    const auto r = run_shell("cd " + shell_quote(tmp.path(".")) + " && " + shell_quote(KG_BINARY) + " --db " +
                             shell_quote(name) + " import -q f.tsv && " + shell_quote(KG_BINARY) + " --db " +
                             shell_quote(name) + " query 'count where ?s ?p ?o'");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "count\n1000\n");
    CHECK(std::filesystem::exists(tmp.path(name)));
  }

  TEST_CASE("a --db path that is a FIFO, a device or a socket is refused at once") {
    temp_dir tmp;
    const auto fifo = tmp.path("pipe.kg");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto sock_path = tmp.path("sock.kg");
    const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock_path.c_str());
    const bool bound = ::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    for (const std::string& path : {fifo, std::string("/dev/zero"), bound ? sock_path : fifo})
      for (const char* command : {"stats", "query '?s ?p ?o'", "import -q /dev/null --format nt", "check"}) {
        const auto r = run_kg("--db " + shell_quote(path) + " " + command);
        CHECK_MESSAGE(r.exit_code == 5, path << " " << command);
        CHECK(r.err.find("is not a regular file") != std::string::npos);
      }
    ::close(sock);
  }

  TEST_CASE("a store in a folder kg may not write is still queried, checked and exported") {
    if (::geteuid() == 0 && !std::filesystem::exists("/usr/bin/setpriv")) {
      MESSAGE("skipped: running as root without setpriv to drop privileges");
      return;
    }
    temp_dir tmp;
    const auto dir = tmp.path("ro");
    std::filesystem::create_directory(dir);
    const auto db = dir + "/s.kg";
    REQUIRE(run_kg("--db " + shell_quote(db) + " import -q " + shell_quote(facts_file(tmp, "f.tsv", "F", 30)))
                .exit_code == 0);
    // Closed cleanly by a writer: no -wal file is left to read.
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(db + suffix);
    ::chmod(tmp.path(".").c_str(), 0755);
    ::chmod(db.c_str(), 0444);
    ::chmod(dir.c_str(), 0555);
    // Root may write anywhere: the commands run as nobody.
    const std::string as_reader =
        ::geteuid() == 0 ? "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
    // The binary must be reachable by that user: run a copy beside the store's folder.
    const auto kg_copy = tmp.path("kg");
    std::filesystem::copy_file(KG_BINARY, kg_copy);
    ::chmod(kg_copy.c_str(), 0755);
    if (run_shell(as_reader + "test -r " + shell_quote(db) + " -a -x " + shell_quote(kg_copy)).exit_code !=
        0) {
      MESSAGE("skipped: the unprivileged user cannot reach the temporary folder");
      ::chmod(dir.c_str(), 0755);
      return;
    }
    auto kg = [&](const std::string& args) {
      return run_shell(as_reader + shell_quote(kg_copy) + " --db " + shell_quote(db) + " " + args);
    };
    const auto q = kg("query '?s linked_to \"F 1\"'");
    CHECK(q.exit_code == 0);
    CHECK(q.out == "s\nF 0\n");
    CHECK(kg("query 'count where ?s ?p ?o'").out == "count\n30\n");
    CHECK(kg("check").out == "ok\n");
    const auto exported = kg("export --format tsv");
    CHECK(exported.exit_code == 0);
    CHECK(exported.out.find("F 29\tlinked_to\tF 30") != std::string::npos);
    CHECK(kg("stats").exit_code == 0);
    // Writing is refused with the reason, and nothing appears beside the store.
    const auto add = kg("query 'add X met Y'");
    CHECK(add.exit_code == 5);
    CHECK(add.err.find("cannot write") != std::string::npos);
    CHECK(files_in(dir) == std::vector<std::string>{"s.kg"});
    ::chmod(dir.c_str(), 0755);
  }

  TEST_CASE("running out of memory is the error 'out of memory', exit code 5, and nothing is written") {
#if KG_TEST_ASAN
    MESSAGE("skipped: AddressSanitizer needs more address space than the limit leaves");
    return;
#else
    temp_dir tmp;
    // N-Triples large enough to be read by two threads at once.
    std::string nt;
    for (int i = 0; i < 120000; ++i)
      nt += "<urn:x:subject-number-" + std::to_string(i) + "> <urn:x:p> \"a text of some length " +
            std::to_string(i) + "\" .\n";
    const auto file = tmp.write("f.nt", nt);
    const auto db = tmp.path("s.kg");
    REQUIRE(run_kg("--db " + shell_quote(db) + " import -q " + shell_quote(facts_file(tmp, "g.tsv", "G", 10)))
                .exit_code == 0);
    int failed_cleanly = 0;
    for (int limit_mb : {60, 90, 120, 160, 220}) {
      const std::string limited = "ulimit -v " + std::to_string(limit_mb * 1024) + "; ";
      for (const std::string& args :
           {"--db " + shell_quote(db) + " import -q " + shell_quote(file),
            "--db " + shell_quote(tmp.path("new.kg")) + " import -q " + shell_quote(file),
            "--db " + shell_quote(db) + " query '?s ?p ?o' --format json"}) {
        const auto r = run_shell(limited + shell_quote(KG_BINARY) + " " + args);
        CHECK_MESSAGE((r.exit_code == 0 || r.exit_code == 5), limit_mb << " MB: " << args << ": " << r.err);
        if (r.exit_code == 5) {
          ++failed_cleanly;
          CHECK(r.err.find("out of memory") != std::string::npos);
        }
        if (r.exit_code != 0 && args.find("new.kg") != std::string::npos)
          CHECK_FALSE(std::filesystem::exists(tmp.path("new.kg")));
        std::filesystem::remove(tmp.path("new.kg"));
        for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(tmp.path("new.kg") + suffix);
        // A failed import into the store wrote nothing.
        const auto count = count_of(db);
        CHECK((count == "count\n10\n" || count == "count\n120010\n"));
        if (count != "count\n10\n") {
          std::filesystem::remove(db);
          for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(db + suffix);
          REQUIRE(
              run_kg("--db " + shell_quote(db) + " import -q " + shell_quote(tmp.path("g.tsv"))).exit_code ==
              0);
        }
      }
    }
    MESSAGE(failed_cleanly << " runs under a memory limit failed cleanly with 'out of memory'");
    CHECK(failed_cleanly > 0);
#endif
  }

  TEST_CASE("an unknown name of any length is a short error, and looking for near names honours --timeout") {
    temp_dir tmp;
    const auto db = tmp.path("s.kg");
    std::string text = "subject\tpredicate\tobject\n";
    for (int i = 0; i < 100000; ++i)
      text += "Person " + std::to_string(i) + "\tknows\tPlace " + std::to_string(i) + "\n";
    REQUIRE(
        run_kg("--db " + shell_quote(db) + " import -q " + shell_quote(tmp.write("f.tsv", text))).exit_code ==
        0);
    // 1 KB and 1 MB names: no near name is looked for, and the message
    // quotes a screenful of it, not all of it.
    for (std::size_t size : {std::size_t{1} << 10, std::size_t{1} << 20}) {
      const auto script = tmp.write("q.kgq", "?x knows " + std::string(size, 'z') + "\n");
      const auto r = run_kg("--db " + shell_quote(db) + " run " + shell_quote(script));
      CHECK(r.exit_code == 1);
      CHECK(r.err.starts_with(script + ":1:10: error: unknown name 'zzz"));
      CHECK(r.err.size() < 1500);
    }
    // A near miss is still found among 200,000 names.
    const auto near = run_kg("--db " + shell_quote(db) + " query '?x knows \"Placee 12345\"'");
    CHECK(near.err.find("did you mean: Place 12345") != std::string::npos);
    // Looking for them stops at the deadline like any query (exit code 6).
    const auto timed = run_kg("--db " + shell_quote(db) + " query --timeout 1 '?x knows \"Placee 12345\"'");
    CHECK(timed.exit_code == 6);
    CHECK(timed.err.find("longer than 1 ms") != std::string::npos);
  }
}
