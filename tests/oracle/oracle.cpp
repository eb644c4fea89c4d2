// The oracle's engines, comparison, shrinking and regression cases; see
// oracle.hpp and docs/oracle.md.
#include "tests/oracle/oracle.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "engine/run.hpp"
#include "parser/query.hpp"
#include "parser/statement.hpp"
#include "parser/utf8.hpp"
#include "store/import.hpp"
#include "tests/oracle/generate.hpp"

namespace kg::oracle {

namespace fs = std::filesystem;

// --- answers -------------------------------------------------------------------

std::string canonical(const answer_set& a, compare_mode mode) {
  if (!a.error.empty()) return "error: " + a.error;
  if (a.is_boolean) return std::string("boolean ") + (a.boolean ? "true" : "false");
  if (mode == compare_mode::boolean) return "not a boolean answer\n" + describe(a);
  std::vector<std::size_t> order(a.columns.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return a.columns[x] < a.columns[y]; });
  std::string out = "columns";
  for (auto i : order) out += " " + a.columns[i];
  if (mode == compare_mode::count) return out + "\nrows " + std::to_string(a.rows.size());
  std::vector<std::string> lines;
  for (const auto& row : a.rows) {
    std::string line;
    for (auto i : order) line += (line.empty() ? "" : "\t") + (i < row.size() ? row[i] : std::string("?"));
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  for (const auto& l : lines) out += "\n" + l;
  return out;
}

std::string describe(const answer_set& a) {
  if (!a.error.empty()) return "error " + a.error;
  if (a.is_boolean) return std::string("boolean ") + (a.boolean ? "true" : "false");
  std::string out = "columns";
  for (const auto& c : a.columns) out += " " + c;
  for (const auto& row : a.rows) {
    std::string line;
    for (const auto& c : row) line += (line.empty() ? "" : "\t") + c;
    out += "\n" + line;
  }
  return out;
}

// --- kg --------------------------------------------------------------------------

namespace {

fs::path scratch_root() {
  // A memory file system where there is one: a store per graph, written often.
  std::error_code ec;
  if (fs::is_directory("/dev/shm", ec)) return "/dev/shm";
  return fs::temp_directory_path();
}

}  // namespace

kg_engine::kg_engine() {
  std::random_device rd;
  const fs::path dir =
      scratch_root() / ("kg-oracle-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(dir);
  dir_ = dir.string();
}

kg_engine::~kg_engine() {
  store_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string kg_engine::load(const std::string& ntriples) {
  if (store_ && loaded_ == ntriples) return {};
  store_.reset();
  loaded_.clear();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) fs::remove(entry.path(), ec);
  const std::string path = dir_ + "/g" + std::to_string(++generation_) + ".kg";
  auto s = store::triple_store::open(path, {.create = true});
  if (!s) return s.error().message;
  store_ = std::make_unique<store::triple_store>(std::move(*s));
  auto report = store::import_sources(*store_, {{"graph.nt", format::ntriples, ntriples}}, {});
  if (!report) {
    store_.reset();
    return report.error().message;
  }
  loaded_ = ntriples;
  return {};
}

answer_set kg_engine::run(const std::string& text) {
  answer_set out;
  if (!store_) {
    out.error = "no graph loaded";
    return out;
  }
  auto parsed = kg::query::parse(text);
  if (!parsed) {
    out.error = render(parsed.error());
    return out;
  }
  engine::run_options opts;
  opts.timeout = std::chrono::milliseconds(20000);
  auto answer = engine::run_query(*store_, *parsed, text, "query", opts);
  if (!answer) {
    out.error = (answer.error().code == errc::timeout ? "timeout: " : "") + render(answer.error());
    return out;
  }
  const auto* a = std::get_if<engine::table>(&*answer);
  if (!a) {
    out.error = "not a query: " + text;
    return out;
  }
  if (a->columns == std::vector<std::string>{"answer"} && a->rows.size() == 1 && a->rows[0].size() == 1 &&
      a->rows[0][0] && a->rows[0][0]->kind == term_kind::typed &&
      a->rows[0][0]->dt == std::string(xsd::ns) + "boolean") {
    out.is_boolean = true;
    out.boolean = a->rows[0][0]->lex == "true";
    return out;
  }
  out.columns = a->columns;
  for (const auto& row : a->rows) {
    std::vector<std::string> cells;
    for (const auto& c : row) cells.push_back(c ? to_ntriples(*c) : std::string(unbound_cell));
    out.rows.push_back(std::move(cells));
  }
  return out;
}

// --- JSON, as much as the coprocess speaks ------------------------------------------

namespace {

struct json {
  enum class kind { null, boolean, number, string, array, object } k = kind::null;
  bool b = false;
  std::string s;
  std::vector<json> items;
  // Object members: keys[i] names values[i]. (A vector of pairs would need
  // json complete; a vector of json does not.)
  std::vector<std::string> keys;
  std::vector<json> values;

  const json* get(const std::string& key) const {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return &values[i];
    return nullptr;
  }
};

class json_reader {
 public:
  explicit json_reader(const std::string& text) : s_(text) {}

  std::optional<json> read() {
    auto v = value();
    blanks();
    if (!v || i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void blanks() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool literal(const char* word) {
    const std::size_t n = std::strlen(word);
    if (s_.compare(i_, n, word) != 0) return false;
    i_ += n;
    return true;
  }
  std::optional<unsigned long> hex4() {
    if (i_ + 4 > s_.size()) return std::nullopt;
    unsigned long v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<unsigned long>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<unsigned long>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<unsigned long>(c - 'A' + 10);
      else
        return std::nullopt;
    }
    return v;
  }
  std::optional<std::string> string() {
    if (i_ >= s_.size() || s_[i_] != '"') return std::nullopt;
    ++i_;
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return std::nullopt;
      c = s_[i_++];
      switch (c) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto cp = hex4();
          if (!cp) return std::nullopt;
          if (*cp >= 0xD800 && *cp < 0xDC00 && s_.compare(i_, 2, "\\u") == 0) {
            i_ += 2;
            auto low = hex4();
            if (!low) return std::nullopt;
            cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
          }
          if (!kg::utf8::append(out, static_cast<std::uint32_t>(*cp))) return std::nullopt;
          break;
        }
        default:
          return std::nullopt;
      }
    }
    if (i_ >= s_.size()) return std::nullopt;
    ++i_;
    return out;
  }
  std::optional<json> value() {
    blanks();
    json v;
    if (i_ >= s_.size()) return std::nullopt;
    const char c = s_[i_];
    if (c == '"') {
      auto str = string();
      if (!str) return std::nullopt;
      v.k = json::kind::string;
      v.s = std::move(*str);
    } else if (c == '{') {
      ++i_;
      v.k = json::kind::object;
      blanks();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return v;
      }
      for (;;) {
        blanks();
        auto key = string();
        blanks();
        if (!key || i_ >= s_.size() || s_[i_++] != ':') return std::nullopt;
        auto item = value();
        if (!item) return std::nullopt;
        v.keys.push_back(std::move(*key));
        v.values.push_back(std::move(*item));
        blanks();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
          return v;
        }
        return std::nullopt;
      }
    } else if (c == '[') {
      ++i_;
      v.k = json::kind::array;
      blanks();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return v;
      }
      for (;;) {
        auto item = value();
        if (!item) return std::nullopt;
        v.items.push_back(std::move(*item));
        blanks();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
          return v;
        }
        return std::nullopt;
      }
    } else if (literal("true")) {
      v.k = json::kind::boolean;
      v.b = true;
    } else if (literal("false")) {
      v.k = json::kind::boolean;
    } else if (literal("null")) {
      v.k = json::kind::null;
    } else {
      const std::size_t start = i_;
      while (i_ < s_.size() && std::strchr("+-.0123456789eE", s_[i_])) ++i_;
      if (i_ == start) return std::nullopt;
      v.k = json::kind::number;
      v.s = s_.substr(start, i_ - start);
    }
    return v;
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"')
      out += "\\\"";
    else if (ch == '\\')
      out += "\\\\";
    else if (c < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace

// --- Oxigraph ----------------------------------------------------------------------

oxigraph_engine::where oracle_location(const std::string& source_dir, const std::string& default_modules) {
  oxigraph_engine::where w;
  if (const char* n = std::getenv("KG_ORACLE_NODE"); n && *n) w.node = n;
  w.script = source_dir + "/tests/oracle/oxigraph_oracle.mjs";
  w.modules = default_modules;
  if (const char* m = std::getenv("KG_ORACLE_MODULES"); m && *m) w.modules = m;
  return w;
}

std::unique_ptr<oxigraph_engine> oxigraph_engine::start(const where& w, std::string& error) {
  std::unique_ptr<oxigraph_engine> e(new oxigraph_engine());
  e->where_ = w;
  if (!fs::exists(w.modules + "/node_modules/oxigraph/package.json")) {
    error = "the npm package oxigraph is not installed under " + w.modules +
            " (tests/oracle/install.sh installs it; make test runs that)";
    return nullptr;
  }
  if (!e->spawn()) {
    error = "cannot start " + w.node;
    return nullptr;
  }
  const std::string reply = e->request("{\"op\":\"version\"}");
  const auto parsed = json_reader(reply).read();
  const json* version = parsed ? parsed->get("version") : nullptr;
  if (!version) {
    int status = 0;
    if (e->pid_ > 0 && ::waitpid(e->pid_, &status, WNOHANG) == e->pid_) e->pid_ = -1;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    error = code == 127 ? "node is not installed (tests/oracle/install.sh installs it)"
                        : "the Oxigraph coprocess (" + w.script + ") did not answer";
    return nullptr;
  }
  e->version_ = version->s;
  return e;
}

bool oxigraph_engine::spawn() {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return false;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(sv[0]);
    ::close(sv[1]);
    return false;
  }
  if (pid == 0) {
    ::dup2(sv[1], 0);
    ::dup2(sv[1], 1);
    ::execlp(where_.node.c_str(), where_.node.c_str(), where_.script.c_str(), where_.modules.c_str(),
             static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(sv[1]);
  fd_ = sv[0];
  pid_ = pid;
  buffer_.clear();
  loaded_valid_ = false;
  return true;
}

void oxigraph_engine::stop() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (pid_ > 0) {
    // Closing its input ends the coprocess; a hung one is killed.
    for (int i = 0; i < 50; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      ::usleep(20000);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
}

oxigraph_engine::~oxigraph_engine() { stop(); }

std::string oxigraph_engine::request(const std::string& line) {
  if (fd_ < 0 && !spawn()) return {};
  const std::string out = line + "\n";
  std::size_t sent = 0;
  while (sent < out.size()) {
    const ssize_t n = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      stop();
      return {};
    }
    sent += static_cast<std::size_t>(n);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
      std::string reply = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return reply;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      stop();  // hung: a fresh process takes the next request
      return "{\"error\":\"timeout: no answer in 60 s\"}";
    }
    char chunk[65536];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      stop();
      return {};
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string oxigraph_engine::load(const std::string& ntriples) {
  if (loaded_valid_ && loaded_ == ntriples && fd_ >= 0) return {};
  loaded_valid_ = false;
  const std::string reply = request("{\"op\":\"load\",\"data\":" + json_string(ntriples) + "}");
  const auto parsed = json_reader(reply).read();
  if (!parsed) return reply.empty() ? "the Oxigraph coprocess ended" : "unreadable reply: " + reply;
  if (const json* e = parsed->get("error")) return e->s;
  loaded_ = ntriples;
  loaded_valid_ = true;
  return {};
}

answer_set oxigraph_engine::run(const std::string& sparql) {
  answer_set out;
  const std::string reply = request("{\"op\":\"query\",\"sparql\":" + json_string(sparql) + "}");
  const auto parsed = json_reader(reply).read();
  if (!parsed) {
    out.error = reply.empty() ? "the Oxigraph coprocess ended" : "unreadable reply: " + reply;
    loaded_valid_ = false;
    return out;
  }
  if (const json* e = parsed->get("error")) {
    out.error = e->s;
    if (parsed->get("fatal")) {
      out.error = "Oxigraph panicked: " + out.error;
      stop();
    }
    return out;
  }
  if (const json* b = parsed->get("boolean")) {
    out.is_boolean = true;
    out.boolean = b->b;
    return out;
  }
  const json* vars = parsed->get("vars");
  const json* rows = parsed->get("rows");
  if (!vars || !rows) {
    out.error = "unreadable reply: " + reply;
    return out;
  }
  for (const auto& v : vars->items) out.columns.push_back(v.s);
  for (const auto& row : rows->items) {
    std::vector<std::string> cells;
    for (const auto& c : row.items)
      cells.push_back(c.k == json::kind::null ? std::string(unbound_cell) : c.s);
    out.rows.push_back(std::move(cells));
  }
  return out;
}

// --- checking --------------------------------------------------------------------

namespace {

// Past this many rows an answer tests nothing a smaller one does not.
constexpr std::size_t max_rows = 5000;

}  // namespace

verdict oracle::check(const graph& g, const query& q) {
  verdict v;
  v.kg_text = to_kg(q);
  v.sparql = to_sparql(q, g);
  const std::string nt = g.ntriples();
  if (auto e = kg_.load(nt); !e.empty()) {
    v.kg.error = "kg refused the graph: " + e;
    v.k = verdict::kind::refused;
    return v;
  }
  v.kg = kg_.run(v.kg_text);
  if (!v.kg.error.empty()) {
    v.k = v.kg.error.starts_with("timeout: ") ? verdict::kind::too_large : verdict::kind::refused;
    return v;
  }
  if (auto e = ox_.load(nt); !e.empty()) {
    v.oxigraph.error = "Oxigraph refused the graph: " + e;
    v.k = verdict::kind::oxigraph_error;
    return v;
  }
  v.oxigraph = ox_.run(v.sparql);
  if (q.head == query::head_kind::count && q.group_by.empty() && v.oxigraph.error.empty() &&
      v.oxigraph.rows.empty()) {
    // An aggregate without GROUP BY has one row, 0 over no solutions; but
    // Oxigraph 0.5.11 gives no row when its optimizer finds the pattern
    // empty (a filter false for every row). Read that as the spec says.
    v.oxigraph.rows.push_back({"\"0\"^^<" + std::string(xsd::ns) + "integer>"});
  }
  if (!v.oxigraph.error.empty()) {
    v.k =
        v.oxigraph.error.starts_with("timeout: ") ? verdict::kind::too_large : verdict::kind::oxigraph_error;
    return v;
  }
  if (v.oxigraph.rows.size() > max_rows || v.kg.rows.size() > max_rows) {
    v.k = verdict::kind::too_large;
    return v;
  }
  const auto mode = mode_of(q);
  v.k = canonical(v.kg, mode) == canonical(v.oxigraph, mode) ? verdict::kind::agree : verdict::kind::mismatch;
  return v;
}

// --- shrinking ---------------------------------------------------------------------

namespace {

using group_sink = std::function<void(group)>;
using expr_sink = std::function<void(expr_ptr)>;

// Each condition one step simpler: a part in place of the whole, or a part
// made simpler.
void simpler_conditions(const expr_ptr& e, const expr_sink& emit) {
  if (e->k == expr::kind::and_ || e->k == expr::kind::or_ || e->k == expr::kind::not_)
    for (const auto& a : e->args) emit(a);
  if (e->k == expr::kind::compare && e->ops.size() > 1) {
    auto first = std::make_shared<expr>(*e);
    first->args.resize(2);
    first->ops.resize(1);
    emit(first);
  }
  if (e->k == expr::kind::and_ || e->k == expr::kind::or_) {
    for (std::size_t i = 0; e->args.size() > 2 && i < e->args.size(); ++i) {
      auto fewer = std::make_shared<expr>(*e);
      fewer->args.erase(fewer->args.begin() + static_cast<std::ptrdiff_t>(i));
      emit(fewer);
    }
  }
  if (e->k != expr::kind::leaf && e->k != expr::kind::call)
    for (std::size_t i = 0; i < e->args.size(); ++i)
      simpler_conditions(e->args[i], [&](expr_ptr part) {
        auto copy = std::make_shared<expr>(*e);
        copy->args[i] = std::move(part);
        emit(copy);
      });
}

// Each group one step simpler: an element dropped, a group unwrapped, a
// union reduced to one branch, a pattern made plain, a condition simpler.
void simpler_groups(const group& g, const group_sink& emit) {
  const auto n = g.elements.size();
  for (std::size_t i = 0; i < n; ++i) {
    group copy = g;
    copy.elements.erase(copy.elements.begin() + static_cast<std::ptrdiff_t>(i));
    emit(copy);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = g.elements[i];
    if (e.k == element::kind::filter || e.k == element::kind::pattern) continue;
    for (std::size_t b = 0; b < e.groups.size(); ++b) {
      // The group's elements in place of the element.
      group copy = g;
      auto inner = e.groups[b].elements;
      copy.elements.erase(copy.elements.begin() + static_cast<std::ptrdiff_t>(i));
      copy.elements.insert(copy.elements.begin() + static_cast<std::ptrdiff_t>(i), inner.begin(),
                           inner.end());
      emit(copy);
    }
    if (e.k == element::kind::union_ && e.groups.size() > 1) {
      for (std::size_t b = 0; b < e.groups.size(); ++b) {
        group copy = g;
        auto& u = copy.elements[i];
        if (e.groups.size() == 2) {
          u.groups = {e.groups[b]};  // the other branch alone, as a nested group
        } else {
          u.groups.erase(u.groups.begin() + static_cast<std::ptrdiff_t>(b));
        }
        emit(copy);
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = g.elements[i];
    if (e.k == element::kind::pattern) {
      if (!e.pat.repeat.empty()) {
        group copy = g;
        copy.elements[i].pat.repeat.clear();
        emit(copy);
      }
      if (e.pat.inverse) {
        group copy = g;
        copy.elements[i].pat.inverse = false;
        std::swap(copy.elements[i].pat.s, copy.elements[i].pat.o);
        emit(copy);
      }
    } else if (e.k == element::kind::filter) {
      simpler_conditions(e.condition, [&](expr_ptr c) {
        group copy = g;
        copy.elements[i].condition = std::move(c);
        emit(copy);
      });
    } else {
      for (std::size_t b = 0; b < e.groups.size(); ++b)
        simpler_groups(e.groups[b], [&](group inner) {
          group copy = g;
          copy.elements[i].groups[b] = std::move(inner);
          emit(copy);
        });
    }
  }
}

// Drops from the head what the simpler body no longer binds.
void fit_head(query& q) {
  const auto vars = in_scope(q.where);
  auto known = [&](const std::string& v) { return std::find(vars.begin(), vars.end(), v) != vars.end(); };
  std::erase_if(q.vars, [&](const std::string& v) { return !known(v); });
  std::erase_if(q.group_by, [&](const std::string& v) { return !known(v); });
  std::erase_if(q.order_by, [&](const auto& o) { return !known(o.first) && o.first != "count"; });
  if (q.head == query::head_kind::select && q.vars.empty()) q.head = query::head_kind::none;
  if (q.head == query::head_kind::select && !q.group_by.empty()) q.vars = q.group_by;
  if (q.head == query::head_kind::count && q.distinct && q.vars.empty()) q.group_by.clear();
  if (q.group_by.empty() && q.head == query::head_kind::count)
    std::erase_if(q.order_by, [](const auto& o) { return o.first == "count"; });
}

std::vector<query> simpler_queries(const query& q) {
  std::vector<query> out;
  auto push = [&](query c) {
    fit_head(c);
    out.push_back(std::move(c));
  };
  if (q.limit || q.offset) {
    query c = q;
    c.limit.reset();
    c.offset.reset();
    push(c);
  }
  if (!q.order_by.empty()) {
    query c = q;
    c.order_by.clear();
    push(c);
  }
  if (!q.group_by.empty()) {
    query c = q;
    c.group_by.clear();
    if (c.head == query::head_kind::select) c.head = query::head_kind::none, c.vars.clear();
    push(c);
  }
  if (q.head != query::head_kind::none && q.head != query::head_kind::count && q.group_by.empty()) {
    query c = q;
    c.head = query::head_kind::none;
    c.distinct = false;
    c.vars.clear();
    push(c);
  }
  if (q.distinct) {
    query c = q;
    c.distinct = false;
    push(c);
  }
  if (q.head == query::head_kind::count && !q.vars.empty()) {
    query c = q;
    c.vars.clear();
    c.distinct = false;
    push(c);
  }
  if (q.head == query::head_kind::select && q.group_by.empty() && q.vars.size() > 1)
    for (std::size_t i = 0; i < q.vars.size(); ++i) {
      query c = q;
      c.vars.erase(c.vars.begin() + static_cast<std::ptrdiff_t>(i));
      push(c);
    }
  simpler_groups(q.where, [&](group w) {
    query c = q;
    c.where = std::move(w);
    push(std::move(c));
  });
  return out;
}

// Variables renamed a, b, c, ... in the order they are first written, so
// that one case found twice reads the same.
void rename_variables(query& q) {
  std::map<std::string, std::string> names;
  auto name = [&](std::string& v) {
    if (v == "count") return;
    auto it = names.find(v);
    if (it == names.end()) it = names.emplace(v, std::string(1, static_cast<char>('a' + names.size()))).first;
    v = it->second;
  };
  std::function<void(const expr_ptr&, expr_ptr&)> in_expr = [&](const expr_ptr& e, expr_ptr& out) {
    auto copy = std::make_shared<expr>(*e);
    if (copy->k == expr::kind::leaf && copy->leaf.is_var()) name(copy->leaf.text);
    for (auto& a : copy->args) in_expr(a, a);
    out = copy;
  };
  std::function<void(group&)> in_group = [&](group& g) {
    for (auto& e : g.elements) {
      if (e.k == element::kind::pattern) {
        for (node* n : {&e.pat.s, &e.pat.p, &e.pat.o})
          if (n->is_var()) name(n->text);
      } else if (e.k == element::kind::filter) {
        in_expr(e.condition, e.condition);
      } else {
        for (auto& b : e.groups) in_group(b);
      }
    }
  };
  in_group(q.where);
  for (auto& v : q.vars) name(v);
  for (auto& v : q.group_by) name(v);
  for (auto& o : q.order_by) name(o.first);
}

}  // namespace

oracle::shrunk oracle::shrink(const graph& g, const query& q, int budget) {
  shrunk s{g, q, check(g, q)};
  if (s.v.k != verdict::kind::mismatch) return s;
  auto still = [&](const graph& gg, const query& qq, verdict& out) {
    if (budget-- <= 0 || !incomparable(qq, gg).empty()) return false;
    out = check(gg, qq);
    return out.k == verdict::kind::mismatch;
  };
  verdict v;
  for (bool changed = true; changed && budget > 0;) {
    changed = false;
    // The query first, on the whole graph (one store for all its checks).
    for (bool step = true; step && budget > 0;) {
      step = false;
      for (auto& c : simpler_queries(s.q)) {
        if (still(s.g, c, v)) {
          s.q = std::move(c);
          s.v = v;
          step = changed = true;
          break;
        }
      }
    }
    // Then the graph: chunks of facts dropped, halving the chunks.
    for (std::size_t chunk = std::max<std::size_t>(1, s.g.facts.size() / 2); budget > 0; chunk /= 2) {
      for (std::size_t at = 0; at < s.g.facts.size() && budget > 0;) {
        graph smaller = s.g;
        const auto end = std::min(smaller.facts.size(), at + chunk);
        smaller.facts.erase(smaller.facts.begin() + static_cast<std::ptrdiff_t>(at),
                            smaller.facts.begin() + static_cast<std::ptrdiff_t>(end));
        if (still(smaller, s.q, v)) {
          s.g = std::move(smaller);
          s.v = v;
          changed = true;
        } else {
          at += chunk;
        }
      }
      if (chunk == 1) break;
    }
  }
  query renamed = s.q;
  rename_variables(renamed);
  if (verdict rv = check(s.g, renamed); rv.k == verdict::kind::mismatch) {
    s.q = std::move(renamed);
    s.v = std::move(rv);
  }
  return s;
}

// --- regression cases -----------------------------------------------------------------

namespace {

const char* mode_name(compare_mode m) {
  return m == compare_mode::rows ? "rows" : m == compare_mode::count ? "count" : "boolean";
}

std::string answer_text(const answer_set& a) {
  if (!a.error.empty()) {
    std::string msg = a.error;
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    return "error " + msg + "\n";
  }
  if (a.is_boolean) return std::string("boolean ") + (a.boolean ? "true" : "false") + "\n";
  std::string out = "columns";
  for (const auto& c : a.columns) out += " " + c;
  out += "\n";
  for (const auto& row : a.rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "\t" : "") + row[i];
    out += line + "\n";
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

std::optional<answer_set> parse_answer(const std::vector<std::string>& lines, std::string& error) {
  answer_set a;
  if (lines.empty()) {
    error = "an answer needs a first line: columns ..., boolean ... or error ...";
    return std::nullopt;
  }
  const std::string& first = lines[0];
  if (first.starts_with("error")) {
    a.error = first.size() > 6 ? first.substr(6) : "error";
    return a;
  }
  if (first == "boolean true" || first == "boolean false") {
    a.is_boolean = true;
    a.boolean = first == "boolean true";
    return a;
  }
  if (!first.starts_with("columns")) {
    error = "expected 'columns ...', not '" + first + "'";
    return std::nullopt;
  }
  for (const auto& c : split(first, ' '))
    if (!c.empty() && c != "columns") a.columns.push_back(c);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto cells = split(lines[i], '\t');
    if (cells.size() != a.columns.size()) {
      error = "a row of " + std::to_string(cells.size()) + " cells under " +
              std::to_string(a.columns.size()) + " columns: " + lines[i];
      return std::nullopt;
    }
    a.rows.push_back(std::move(cells));
  }
  return a;
}

}  // namespace

std::string to_text(const regression_case& c) {
  std::string out =
      "# A kg oracle regression case (docs/oracle.md): Oxigraph's answer to the SPARQL\n"
      "# translation is the expected answer of the kg query over the graph.\n"
      "# tests/test_oracle.cpp replays it against kg alone.\n";
  for (const auto& line : split(c.note, '\n'))
    if (!line.empty()) out += "# " + line + "\n";
  out += "[graph]\n" + c.graph;
  if (!c.graph.empty() && c.graph.back() != '\n') out += "\n";
  out += "[kg]\n" + c.kg_query + "\n";
  out += "[sparql]\n" + c.sparql + "\n";
  out += "[expected " + std::string(mode_name(c.mode)) + "]\n" + answer_text(c.expected);
  out += "[kg answered]\n" + answer_text(c.found);
  return out;
}

std::optional<regression_case> parse_case(const std::string& text, std::string& error) {
  regression_case c;
  std::map<std::string, std::vector<std::string>> sections;
  std::string current;
  bool have_mode = false;
  for (auto line : split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (current.empty() && line.starts_with("#")) {
      c.note += line.substr(std::min<std::size_t>(line.size(), 2)) + "\n";
      continue;
    }
    if (line.starts_with("[") && line.ends_with("]")) {
      current = line.substr(1, line.size() - 2);
      if (current.starts_with("expected ")) {
        const auto m = current.substr(9);
        c.mode = m == "count"     ? compare_mode::count
                 : m == "boolean" ? compare_mode::boolean
                                  : compare_mode::rows;
        have_mode = m == "rows" || m == "count" || m == "boolean";
        current = "expected";
      }
      sections[current];
      continue;
    }
    if (current.empty()) {
      if (line.empty()) continue;
      error = "text before the first section: " + line;
      return std::nullopt;
    }
    sections[current].push_back(line);
  }
  for (const char* need : {"graph", "kg", "expected"})
    if (!sections.count(need)) {
      error = std::string("no [") + need + "] section";
      return std::nullopt;
    }
  if (!have_mode) {
    error = "the [expected MODE] section names no mode: rows, count or boolean";
    return std::nullopt;
  }
  auto trimmed = [](std::vector<std::string> lines) {
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
  };
  for (const auto& l : trimmed(sections["graph"])) c.graph += l + "\n";
  for (const auto& l : trimmed(sections["kg"])) c.kg_query += (c.kg_query.empty() ? "" : "\n") + l;
  for (const auto& l : trimmed(sections["sparql"])) c.sparql += (c.sparql.empty() ? "" : "\n") + l;
  auto expected = parse_answer(trimmed(sections["expected"]), error);
  if (!expected) return std::nullopt;
  c.expected = std::move(*expected);
  if (sections.count("kg answered")) {
    std::string ignored;
    if (auto found = parse_answer(trimmed(sections["kg answered"]), ignored)) c.found = std::move(*found);
  }
  return c;
}

std::string case_file_name(const regression_case& c) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char ch : c.graph + '\0' + c.kg_query) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string("case-") + hex + ".txt";
}

std::string replay(kg_engine& kg, const regression_case& c) {
  if (auto e = kg.load(c.graph); !e.empty()) return "kg refused the graph: " + e;
  const auto got = kg.run(c.kg_query);
  if (canonical(got, c.mode) == canonical(c.expected, c.mode)) return {};
  return describe(got);
}

// --- runs ------------------------------------------------------------------------------

namespace {

void tag_group(const group& g, const std::string& around, std::set<std::string>& tags);

void tag_expr(const expr& e, std::set<std::string>& tags) {
  switch (e.k) {
    case expr::kind::leaf:
      if (e.leaf.is_var()) tags.insert("bound");
      break;
    case expr::kind::call:
      tags.insert(e.function + "()");
      break;
    case expr::kind::compare:
      for (const auto& op : e.ops) tags.insert("'" + op + "'");
      for (const auto& a : e.args) {
        if (a->k == expr::kind::call)
          tags.insert(a->function + "()");
        else if (a->leaf.k == node::kind::literal)
          tags.insert(std::string(kind_name(a->leaf.value.kind)));
        else if (a->leaf.k == node::kind::name)
          tags.insert(a->leaf.quoted ? "quoted name" : "name");
      }
      break;
    case expr::kind::and_:
      tags.insert("and");
      break;
    case expr::kind::or_:
      tags.insert("filter-or");
      break;
    case expr::kind::not_:
      tags.insert("filter-not");
      break;
  }
  if (e.k != expr::kind::call && e.k != expr::kind::compare)
    for (const auto& a : e.args) tag_expr(*a, tags);
}

void tag_group(const group& g, const std::string& around, std::set<std::string>& tags) {
  for (const auto& e : g.elements) {
    std::string name;
    switch (e.k) {
      case element::kind::pattern:
        if (!e.pat.repeat.empty()) tags.insert("path" + e.pat.repeat);
        if (e.pat.inverse) tags.insert("inverse");
        if (e.pat.p.is_var()) tags.insert("variable predicate");
        continue;
      case element::kind::filter:
        tags.insert(around.empty() ? "filter" : "filter in " + around);
        tag_expr(*e.condition, tags);
        continue;
      case element::kind::optional:
        name = "optional";
        break;
      case element::kind::not_:
        name = "not";
        break;
      case element::kind::union_:
        name = e.groups.size() > 1 ? "or" : "{}";
        break;
    }
    tags.insert(around.empty() ? name : around + ">" + name);
    for (const auto& b : e.groups) tag_group(b, name, tags);
  }
}

}  // namespace

std::string constructs_of(const query& q) {
  std::set<std::string> tags;
  tag_group(q.where, "", tags);
  if (q.head == query::head_kind::count) tags.insert(q.distinct ? "count distinct" : "count");
  if (q.head != query::head_kind::count && q.distinct) tags.insert("distinct");
  if (!q.group_by.empty()) tags.insert("group by");
  if (!q.order_by.empty()) tags.insert("order by");
  if (q.limit || q.offset) tags.insert("limit/offset");
  if (mode_of(q) == compare_mode::boolean) tags.insert("ask");
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ", ") + t;
  return out;
}

std::string run_totals::summary() const {
  std::ostringstream out;
  out << queries << " queries over " << graphs << " graphs: " << agree << " agreed, " << refused
      << " refused by kg, " << mismatches << " mismatched";
  if (oxigraph_errors) out << ", " << oxigraph_errors << " failed in Oxigraph";
  if (too_large) out << ", " << too_large << " too large to compare";
  out << " (" << cases.size() << " distinct shrunk mismatches)";
  return out.str();
}

run_totals run(kg_engine& kg, oxigraph_engine& ox, const run_options& opts) {
  run_totals t;
  random_source r(opts.seed);
  oracle o(kg, ox);
  graph g;
  int shrunk = 0;
  std::set<std::string> seen_cases;
  for (int i = 0; i < opts.queries; ++i) {
    if (i % std::max(1, opts.queries_per_graph) == 0) {
      g = random_graph(r);
      ++t.graphs;
    }
    const query q = random_query(r, g);
    const verdict v = o.check(g, q);
    ++t.queries;
    switch (v.k) {
      case verdict::kind::agree:
        ++t.agree;
        break;
      case verdict::kind::too_large:
        ++t.too_large;
        break;
      case verdict::kind::refused:
        ++t.refused;
        if (t.refusal_examples.size() < 5) t.refusal_examples.push_back(v.kg_text + "\n  " + v.kg.error);
        break;
      case verdict::kind::oxigraph_error:
        ++t.oxigraph_errors;
        if (t.oxigraph_error_examples.size() < 5)
          t.oxigraph_error_examples.push_back(g.ntriples() + v.sparql + "\n  " + v.oxigraph.error);
        break;
      case verdict::kind::mismatch: {
        ++t.mismatches;
        if (shrunk >= opts.max_shrunk) break;
        ++shrunk;
        const auto s = o.shrink(g, q, opts.shrink_budget);
        regression_case c;
        c.graph = s.g.ntriples();
        c.kg_query = s.v.kg_text;
        c.sparql = s.v.sparql;
        c.mode = mode_of(s.q);
        c.expected = s.v.oxigraph;
        c.found = s.v.kg;
        c.note = "found by kg-oracle --seed " + std::to_string(opts.seed) + " --per-graph " +
                 std::to_string(opts.queries_per_graph) + " (query " + std::to_string(i + 1) +
                 ", shrunk from " + std::to_string(g.facts.size()) +
                 " facts)\nconstructs: " + constructs_of(s.q);
        if (seen_cases.insert(c.graph + '\0' + c.kg_query).second) t.cases.push_back(std::move(c));
        break;
      }
    }
    if (opts.progress && (i + 1) % 250 == 0) opts.progress(t.summary());
  }
  return t;
}

}  // namespace kg::oracle
