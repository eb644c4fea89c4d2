// Turtle, TriG and N-Quads, read with serd (the reference C reader of
// drobilla's RDF stack), which passes the W3C suites for all three: it
// calls back with each triple or quad as it reads, and kg turns its nodes
// into terms here. serd is fed the text a byte at a time from memory, so
// that every callback knows the offset it was made at: errors, serd's own
// and kg's (an undefined prefix, an over-long term), get a line, a column
// and a caret like every other input.
//
// serd reads RDF 1.1. kg also reads RDF 1.2's annotation blocks in Turtle
// and TriG, `s p o {| k v ; k2 v2 |}` (the triple asserted, and described
// by the annotation: a qualified statement in kg), which kg's export
// writes: the byte feeder spells each block as one more object of the
// same predicate, a fresh blank node whose first triple carries a marker
// no text can guess, `o , [ <marker> <marker> ; k v ; k2 v2 ]`, and the
// statement callbacks fold what serd then reads back into the annotated
// statement. Strings, IRIs and comments pass through untouched.
#include <serd/serd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <deque>
#include <optional>

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

constexpr std::string_view triple_terms_unsupported =
    "RDF 1.2 triple terms and reified triples (<< >>) are not supported: kg reads annotation blocks "
    "{| ... |} of asserted triples";
constexpr std::string_view reifiers_unsupported =
    "RDF 1.2 reifiers (~) are not supported: kg reads annotation blocks {| ... |} of asserted triples";

class reader {
 public:
  reader(format f, std::string_view file, std::string_view text, std::string_view base, statement_sink& sink,
         std::size_t first_line = 1, std::string_view salt = {})
      : fancy_(f != format::nquads),
        rdf12_(fancy_ && text.find("{|") != std::string_view::npos),
        file_(file),
        text_(text),
        sink_(sink),
        line_(first_line) {
    const std::string b(base);
    const SerdNode base_node =
        serd_node_from_string(SERD_URI, reinterpret_cast<const std::uint8_t*>(b.c_str()));
    env_ = serd_env_new(b.empty() ? nullptr : &base_node);
    const auto hash = fnv1a(text);
    char label[24];
    std::snprintf(label, sizeof label, "t%08x", static_cast<unsigned>(hash & 0xffffffffu));
    made_up_prefix_ = std::string(label) + std::string(salt);
    marker_ = "urn:kg:annotation:" + std::to_string(hash) + ':' + std::string(salt);
    annotation_open_ = ", [ <" + marker_ + "> <" + marker_ + "> ;";
    reader_ = serd_reader_new(syntax_of(f), this, nullptr, on_base, on_prefix, on_statement, on_end);
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
    if (!failed_) settle_all();
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
  // serd's byte source: one byte of the text per call (or of what an
  // annotation block is spelled as).
  static std::size_t read_byte(void* buf, std::size_t, std::size_t, void* stream) {
    auto* r = static_cast<reader*>(stream);
    if (r->inject_at_ < r->inject_.size()) {
      *static_cast<char*>(buf) = r->inject_[r->inject_at_++];
      return 1;
    }
    if (r->offset_ >= r->text_.size() || r->failed_) return 0;
    char c = r->text_[r->offset_++];
    if (c == '\n') ++r->line_;
    if (r->rdf12_ && !r->scan(c)) return 0;
    if (r->inject_at_ < r->inject_.size()) c = r->inject_[r->inject_at_++];
    *static_cast<char*>(buf) = c;
    return 1;
  }

  // The byte after the one just read, or 0 at the end.
  char ahead(std::size_t k = 0) const { return offset_ + k < text_.size() ? text_[offset_ + k] : '\0'; }

  // Follows the text's strings, IRIs and comments a byte at a time, and
  // outside them has the annotation block at `c` spelled for serd.
  // Returns false (having reported it) at RDF 1.2 syntax kg does not read.
  bool scan(char c) {
    if (pass_ > 0) {  // an escaped character, or the rest of a run of quotes
      --pass_;
      return true;
    }
    switch (lexer_) {
      case lexer::plain:
        if (c == '\\') {
          pass_ = 1;  // an escaped character of a prefixed name
        } else if (c == '#') {
          lexer_ = lexer::comment;
        } else if (c == '<' && ahead() == '<') {
          fail(std::string(triple_terms_unsupported));
          return false;
        } else if (c == '<') {
          lexer_ = lexer::iri;
        } else if (c == '~') {
          fail(std::string(reifiers_unsupported));
          return false;
        } else if (c == '"' || c == '\'') {
          quote_ = c;
          if (ahead() == c && ahead(1) == c) {
            lexer_ = lexer::long_string;
            pass_ = 2;
          } else {
            lexer_ = lexer::string;
          }
        } else if (c == '{' && ahead() == '|') {
          ++offset_;
          inject_ = annotation_open_;
          inject_at_ = 0;
        } else if (c == '|' && ahead() == '}') {
          ++offset_;
          inject_ = " ]";
          inject_at_ = 0;
        }
        break;
      case lexer::comment:
        if (c == '\n' || c == '\r') lexer_ = lexer::plain;
        break;
      case lexer::iri:
        if (c == '>') lexer_ = lexer::plain;
        break;
      case lexer::string:
        if (c == '\\')
          pass_ = 1;
        else if (c == quote_ || c == '\n' || c == '\r')
          lexer_ = lexer::plain;
        break;
      case lexer::long_string:
        if (c == '\\') {
          pass_ = 1;
        } else if (c == quote_ && ahead() == c && ahead(1) == c) {
          pass_ = 2;  // a long string's content cannot end with its quote
          lexer_ = lexer::plain;
        }
        break;
    }
    return true;
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
    if (r->failed_) return SERD_SUCCESS;
    // RDF 1.2 syntax serd stopped at, said as such.
    const auto rest = r->text_.substr(std::min(r->here(), r->text_.size()));
    const auto from = r->here() < 3 ? 0 : r->here() - 3;  // serd reads '<<' as an IRI's start
    const auto angles = r->text_.substr(from, 6).find("<<");
    if (r->fancy_ && angles != std::string_view::npos)
      r->fail(std::string(triple_terms_unsupported), from + angles);
    else if (r->fancy_ && rest.starts_with("~"))
      r->fail(std::string(reifiers_unsupported));
    else
      r->fail(buf);
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
    if (!r->rdf12_) {
      r->sink_.on_statement(st);
      return SERD_SUCCESS;
    }
    return r->annotated(st) ? SERD_SUCCESS : SERD_ERR_BAD_SYNTAX;
  }

  // A statement of a text with annotation blocks. serd reads
  // `s p o {| k v |}` as (s p o), (s p B), (B marker marker), (B k v) and
  // the end of B: (s p B) is held until the next statement shows whether
  // it links to an annotation (then it is dropped), and B's statements
  // are qualifiers of the last statement read with subject s, which is
  // passed on with them instead of bare.
  bool annotated(statement& st) {
    if (st.p.kind == term_kind::iri && st.p.lex == marker_) {
      if (!held_ || st.s.kind != term_kind::blank || held_->o != st.s) {
        fail("an annotation of a triple inside an annotation block is not supported");
        return false;
      }
      auto target = std::find_if(recent_.rbegin(), recent_.rend(),
                                 [&](const last_of_subject& r) { return r.st.s == held_->s; });
      if (target == recent_.rend() || target->st.p != held_->p) {
        fail("kg cannot tell which triple this annotation block describes");
        return false;
      }
      target->annotated = true;
      open_.push_back({st.s.lex, target->st, target->st.qualifiers.size()});
      held_.reset();
      return true;
    }
    if (st.s.kind == term_kind::blank) {
      for (auto a = open_.rbegin(); a != open_.rend(); ++a) {
        if (a->node != st.s.lex) continue;
        a->target.qualifiers.push_back({std::move(st.p), std::move(st.o)});
        return true;
      }
    }
    if (held_) settle(std::move(*held_));
    held_.reset();
    if (st.o.kind == term_kind::blank)
      held_ = std::move(st);  // it may link to an annotation block
    else
      settle(std::move(st));
    return true;
  }

  // A statement now known not to link to an annotation: it becomes the
  // last of its subject, which an annotation block may still describe,
  // and the one it replaces is passed on unless annotations described it.
  // The subjects kept are the top-level one and the nodes nested in its
  // description ([ ] and ( )), at most 256 of them.
  void settle(statement&& st) {
    // A subject the text names (an IRI or a labelled blank node) starts a
    // new top-level description, unless it continues the current one:
    // nothing read before it can be annotated any more.
    const auto named = [&](const term& t) {
      return t.kind != term_kind::blank || !t.lex.starts_with(made_up_prefix_);
    };
    if (named(st.s)) {
      if (recent_.empty() || recent_.front().st.s != st.s) {
        for (auto& r : recent_)
          if (!r.annotated) sink_.on_statement(r.st);
        recent_.clear();
        recent_.push_back({std::move(st), false});
        return;
      }
      if (!recent_.front().annotated) sink_.on_statement(recent_.front().st);
      recent_.front() = {std::move(st), false};
      return;
    }
    auto same = std::find_if(recent_.rbegin(), recent_.rend(),
                             [&](const last_of_subject& r) { return r.st.s == st.s; });
    if (same != recent_.rend()) {
      if (!same->annotated) sink_.on_statement(same->st);
      same->st = std::move(st);
      same->annotated = false;
      return;
    }
    // The subjects read longest ago are given up: an annotation block
    // describing their triple is an error.
    if (recent_.size() >= 256) {
      auto oldest = recent_.begin();
      if (named(oldest->st.s)) ++oldest;  // the top-level subject stays
      if (!oldest->annotated) sink_.on_statement(oldest->st);
      recent_.erase(oldest);
    }
    recent_.push_back({std::move(st), false});
  }

  // Passes on what is held, at the end of the text.
  void settle_all() {
    if (held_) settle(std::move(*held_));
    held_.reset();
    for (auto& r : recent_)
      if (!r.annotated) sink_.on_statement(r.st);
    recent_.clear();
  }

  // The end of an anonymous node: of an annotation block, the annotated
  // statement is passed on with its qualifiers.
  static SerdStatus on_end(void* handle, const SerdNode* node) {
    auto* r = static_cast<reader*>(handle);
    if (r->failed_) return SERD_ERR_UNKNOWN;
    if (!r->rdf12_ || r->open_.empty()) return SERD_SUCCESS;
    auto label = r->resource(node);
    if (!label || label->lex != r->open_.back().node) return label ? SERD_SUCCESS : SERD_ERR_BAD_SYNTAX;
    annotation a = std::move(r->open_.back());
    r->open_.pop_back();
    auto& q = a.target.qualifiers;
    if (q.size() == a.own) {
      r->fail("an annotation block names no qualifier");
      return SERD_ERR_BAD_SYNTAX;
    }
    for (std::size_t i = a.own; i < q.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (q[j].key != q[i].key) continue;
        r->fail("qualifier " + to_ntriples(q[i].key) + " given twice for one statement");
        return SERD_ERR_BAD_SYNTAX;
      }
    }
    r->sink_.on_statement(a.target);
    return SERD_SUCCESS;
  }

  const bool fancy_;  // Turtle or TriG: serd makes up blank nodes
  const bool rdf12_;  // Turtle or TriG with what may be RDF 1.2 syntax: scanned
  std::string_view file_, text_;
  statement_sink& sink_;
  std::string made_up_prefix_;
  SerdEnv* env_ = nullptr;
  SerdReader* reader_ = nullptr;
  std::size_t offset_ = 0, line_ = 1;
  bool failed_ = false;
  statement st_;

  // Annotation blocks (see the top of the file).
  enum class lexer { plain, comment, iri, string, long_string };
  lexer lexer_ = lexer::plain;
  char quote_ = 0;
  std::size_t pass_ = 0;  // bytes to pass without looking
  std::string marker_, annotation_open_;
  std::string_view inject_;  // what serd reads instead of `{|` or `|}`
  std::size_t inject_at_ = 0;
  std::optional<statement> held_;
  struct last_of_subject {
    statement st;
    bool annotated;  // described by annotation blocks: passed on with them
  };
  std::deque<last_of_subject> recent_;
  struct annotation {
    std::string node;  // the blank node serd reads the block as
    statement target;  // the annotated statement, qualifiers gathered
    std::size_t own;   // qualifiers it had before (its named graph)
  };
  std::vector<annotation> open_;
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
