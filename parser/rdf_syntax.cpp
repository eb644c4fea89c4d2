// Turtle, TriG and N-Quads, read with serd (the reference C reader of
// drobilla's RDF stack), which passes the W3C suites for all three: it
// calls back with each triple or quad as it reads, and kg turns its nodes
// into terms here. serd is fed the text a byte at a time from memory, so
// that every callback knows the offset it was made at: errors, serd's own
// and kg's (an undefined prefix, an over-long term), get a line, a column
// and a caret like every other input.
#include <serd/serd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "parser/statement.hpp"
#include "parser/utf8.hpp"

namespace kg {
namespace {

std::string_view view(const SerdNode* n) { return {reinterpret_cast<const char*>(n->buf), n->n_bytes}; }

// A serd node that frees itself.
class owned_node {
 public:
  explicit owned_node(SerdNode n) : n_(n) {}
  owned_node(const owned_node&) = delete;
  owned_node& operator=(const owned_node&) = delete;
  ~owned_node() { serd_node_free(&n_); }
  bool empty() const { return n_.buf == nullptr; }
  std::string_view text() const { return view(&n_); }

 private:
  SerdNode n_;
};

SerdSyntax syntax_of(format f) {
  switch (f) {
    case format::trig:
      return SERD_TRIG;
    case format::nquads:
      return SERD_NQUADS;
    default:
      return SERD_TURTLE;
  }
}

// 64-bit FNV-1a: names the blank nodes serd makes up for one text.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

class reader {
 public:
  reader(format f, std::string_view file, std::string_view text, std::string_view base, statement_sink& sink,
         std::size_t first_line = 1, std::string_view salt = {})
      : fancy_(f != format::nquads), file_(file), text_(text), sink_(sink), line_(first_line) {
    const std::string b(base);
    const SerdNode base_node =
        serd_node_from_string(SERD_URI, reinterpret_cast<const std::uint8_t*>(b.c_str()));
    env_ = serd_env_new(b.empty() ? nullptr : &base_node);
    char label[24];
    std::snprintf(label, sizeof label, "t%08x", static_cast<unsigned>(fnv1a(text) & 0xffffffffu));
    made_up_prefix_ = std::string(label) + std::string(salt);
    reader_ = serd_reader_new(syntax_of(f), this, nullptr, on_base, on_prefix, on_statement, nullptr);
    serd_reader_set_strict(reader_, true);
    serd_reader_set_error_sink(reader_, on_serd_error, this);
  }
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;
  ~reader() {
    serd_reader_free(reader_);
    serd_env_free(env_);
  }

  void run() {
    const std::string name(file_);
    const SerdStatus st = serd_reader_read_source(reader_, read_byte, stream_error, this,
                                                  reinterpret_cast<const std::uint8_t*>(name.c_str()), 1);
    if (st > SERD_FAILURE && !failed_) fail(std::string(reinterpret_cast<const char*>(serd_strerror(st))));
  }

  bool failed() const { return failed_; }

  // The base and the prefixes in force where the text ended, sorted.
  std::vector<std::pair<std::string, std::string>> environment() const {
    std::vector<std::pair<std::string, std::string>> out;
    serd_env_foreach(
        env_,
        [](void* handle, const SerdNode* name, const SerdNode* uri) {
          static_cast<decltype(out)*>(handle)->emplace_back(std::string(view(name)), std::string(view(uri)));
          return SERD_SUCCESS;
        },
        &out);
    std::sort(out.begin(), out.end());
    SerdNode base = SERD_NODE_NULL;
    if (const SerdNode* b = serd_env_get_base_uri(env_, nullptr)) base = *b;
    out.insert(out.begin(), {"@base", base.buf ? std::string(view(&base)) : std::string()});
    return out;
  }

 private:
  // serd's byte source: one byte of the text per call.
  static std::size_t read_byte(void* buf, std::size_t, std::size_t, void* stream) {
    auto* r = static_cast<reader*>(stream);
    if (r->offset_ >= r->text_.size()) return 0;
    const char c = r->text_[r->offset_++];
    *static_cast<char*>(buf) = c;
    if (c == '\n') ++r->line_;
    return 1;
  }
  static int stream_error(void*) { return 0; }

  // The byte serd looked at last: it reads one ahead of what it has taken.
  std::size_t here() const { return offset_ == 0 ? 0 : offset_ - 1; }

  void fail(std::string message, std::optional<std::size_t> at = std::nullopt) {
    failed_ = true;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    sink_.on_error(
        diagnose_at(file_, text_, std::min(at.value_or(here()), text_.size()), std::move(message)));
  }

  static SerdStatus on_serd_error(void* handle, const SerdError* e) {
    char buf[512];
    va_list args;
    va_copy(args, *e->args);
    std::vsnprintf(buf, sizeof buf, e->fmt, args);
    va_end(args);
    auto* r = static_cast<reader*>(handle);
    if (!r->failed_) r->fail(buf);
    return SERD_SUCCESS;
  }

  static SerdStatus on_base(void* handle, const SerdNode* uri) {
    return serd_env_set_base_uri(static_cast<reader*>(handle)->env_, uri);
  }
  static SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
    auto* r = static_cast<reader*>(handle);
    const SerdStatus st = serd_env_set_prefix(r->env_, name, uri);
    if (st != SERD_SUCCESS) return st;
    // The IRI as the environment resolved it against the base.
    const std::string curie = std::string(view(name)) + ':';
    const SerdNode node =
        serd_node_from_string(SERD_CURIE, reinterpret_cast<const std::uint8_t*>(curie.c_str()));
    SerdNode full = serd_env_expand_node(r->env_, &node);
    if (full.buf) r->sink_.on_prefix(view(name), view(&full));
    serd_node_free(&full);
    return SERD_SUCCESS;
  }

  // An IRI, a prefixed name or a blank node as a term; nullopt (having
  // reported why) when it cannot be one.
  std::optional<term> resource(const SerdNode* n) {
    if (n->type == SERD_BLANK) {
      std::string label(view(n));
      // serd names the blank nodes [] and ( ) stand for b1, b2, ..., and
      // reads a label b<digit>... in the text as B<digit>...: the made-up
      // ones get a prefix unique to this text (so that two files' [] stay
      // apart), the text's get their b back.
      if (fancy_ && label.size() > 1 && (label[0] == 'b' || label[0] == 'B') && label[1] >= '0' &&
          label[1] <= '9') {
        if (label[0] == 'B')
          label[0] = 'b';
        else if (label.find_first_not_of("0123456789", 1) == std::string::npos)
          label = made_up_prefix_ + label;
      }
      return term{term_kind::blank, std::move(label), {}};
    }
    const owned_node full(serd_env_expand_node(env_, n));
    if (full.empty()) {
      if (n->type == SERD_CURIE) {
        const auto name = view(n);
        // serd calls back at the end of the triple: the name is its last
        // spelling before there.
        const auto at = text_.rfind(name, here());
        fail("undefined prefix '" + std::string(name.substr(0, name.find(':') + 1)) + "' in " +
                 std::string(name),
             at == std::string_view::npos ? std::nullopt : std::optional<std::size_t>(at));
      } else {
        fail("cannot resolve the IRI <" + std::string(view(n)) + ">");
      }
      return std::nullopt;
    }
    if (!acceptable(full.text())) return std::nullopt;
    return make_iri(full.text());
  }

  // Whether a term's text can be kept: at most max_term_bytes, and valid
  // UTF-8 (serd writes a \u escape of a surrogate, U+D800 to U+DFFF, as
  // its bytes; it is not a character).
  bool acceptable(std::string_view s) {
    if (s.size() > max_term_bytes) {
      fail("term longer than " + std::to_string(max_term_bytes >> 20) + " MiB");
      return false;
    }
    if (utf8::first_invalid(s)) {
      fail("an escape names a surrogate code point (U+D800 to U+DFFF), which is not a character");
      return false;
    }
    return true;
  }

  std::optional<term> literal(const SerdNode* o, const SerdNode* datatype, const SerdNode* lang) {
    std::string lex(view(o));
    if (!acceptable(lex)) return std::nullopt;
    if (lang && lang->n_bytes > 0) return term{term_kind::lang_text, std::move(lex), std::string(view(lang))};
    if (datatype && datatype->type != SERD_NOTHING) {
      auto dt = resource(datatype);
      if (!dt) return std::nullopt;
      return make_typed(std::move(lex), dt->kind == term_kind::iri ? dt->lex : entity_iri(dt->lex));
    }
    return term{term_kind::text, std::move(lex), {}};
  }

  static SerdStatus on_statement(void* handle, SerdStatementFlags, const SerdNode* graph, const SerdNode* s,
                                 const SerdNode* p, const SerdNode* o, const SerdNode* datatype,
                                 const SerdNode* lang) {
    auto* r = static_cast<reader*>(handle);
    if (r->failed_) return SERD_ERR_UNKNOWN;
    auto& st = r->st_;
    auto subject = r->resource(s);
    auto predicate = subject ? r->resource(p) : std::nullopt;
    std::optional<term> object;
    if (predicate) object = o->type == SERD_LITERAL ? r->literal(o, datatype, lang) : r->resource(o);
    if (!object) return SERD_ERR_BAD_SYNTAX;
    st.s = std::move(*subject);
    st.p = std::move(*predicate);
    st.o = std::move(*object);
    st.qualifiers.clear();
    if (graph && graph->type != SERD_NOTHING && graph->buf) {
      auto g = r->resource(graph);
      if (!g) return SERD_ERR_BAD_SYNTAX;
      st.qualifiers.push_back({entity("source"), std::move(*g)});
    }
    st.line = r->line_;
    r->sink_.on_statement(st);
    return SERD_SUCCESS;
  }

  const bool fancy_;  // Turtle or TriG: serd makes up blank nodes
  std::string_view file_, text_;
  statement_sink& sink_;
  std::string made_up_prefix_;
  SerdEnv* env_ = nullptr;
  SerdReader* reader_ = nullptr;
  std::size_t offset_ = 0, line_ = 1;
  bool failed_ = false;
  statement st_;
};

}  // namespace

void parse_rdf(format f, std::string_view file, std::string_view text, std::string_view base,
               statement_sink& sink) {
  reader(f, file, text, base, sink).run();
}

rdf_part parse_rdf_part(format f, std::string_view file, std::string_view text, std::size_t first_line,
                        std::string_view base, std::string_view salt, statement_sink& sink) {
  reader r(f, file, text, base, sink, first_line, salt);
  r.run();
  return {!r.failed(), r.environment()};
}

std::string file_iri(std::string_view absolute_path) {
  std::string out = "file://";
  constexpr std::string_view hex = "0123456789ABCDEF";
  for (unsigned char c : absolute_path) {
    const bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("/-._~!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos;
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace kg
