#include "engine/starter_lexicon.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace kg::engine::starter {

namespace {

// Keys by name, with the question phrases they answer.
const std::map<std::string_view, std::vector<std::string_view>>& key_answers() {
  static const std::map<std::string_view, std::vector<std::string_view>> table = {
      {"date", {"when", "what date", "on what date"}},
      {"time", {"when", "what time"}},
      {"year", {"when", "what year", "in what year", "in which year"}},
      {"period", {"when", "how long", "within what"}},
      {"duration", {"how long"}},
      {"place", {"where", "in which city", "in what place"}},
      {"location", {"where"}},
      {"city", {"where", "in which city"}},
      {"country", {"where", "in which country"}},
      {"reason", {"why"}},
      {"cause", {"why"}},
      {"purpose", {"why", "for what", "for whom"}},
      {"described_as", {"how"}},
      {"manner", {"how"}},
      {"source", {"which article", "what article", "in which article", "where reported", "where mentioned"}},
      {"topic", {"about what", "on what"}},
      {"subject", {"about what"}},
      {"counterpart", {"with whom"}},
      {"according_to", {"according to whom"}},
  };
  return table;
}

// Irregular past tenses and participles, and plurals, that Snowball's
// stemmer does not bring back to their base. Words that are as often
// another word (found, saw, left, lay, bore, bound, shot) are left out.
const std::map<std::string_view, std::string_view>& irregular() {
  static const std::map<std::string_view, std::string_view> table = {
      {"arose", "arise"},
      {"arisen", "arise"},
      {"ate", "eat"},
      {"eaten", "eat"},
      {"beaten", "beat"},
      {"became", "become"},
      {"began", "begin"},
      {"begun", "begin"},
      {"bent", "bend"},
      {"bitten", "bite"},
      {"bled", "bleed"},
      {"blew", "blow"},
      {"blown", "blow"},
      {"bred", "breed"},
      {"broke", "break"},
      {"broken", "break"},
      {"brought", "bring"},
      {"built", "build"},
      {"burnt", "burn"},
      {"bought", "buy"},
      {"came", "come"},
      {"caught", "catch"},
      {"chose", "choose"},
      {"chosen", "choose"},
      {"dealt", "deal"},
      {"drew", "draw"},
      {"drawn", "draw"},
      {"drove", "drive"},
      {"driven", "drive"},
      {"dug", "dig"},
      {"fed", "feed"},
      {"fell", "fall"},
      {"fallen", "fall"},
      {"felt", "feel"},
      {"fled", "flee"},
      {"flew", "fly"},
      {"flown", "fly"},
      {"fought", "fight"},
      {"forbade", "forbid"},
      {"forbidden", "forbid"},
      {"forgave", "forgive"},
      {"forgiven", "forgive"},
      {"forgot", "forget"},
      {"forgotten", "forget"},
      {"froze", "freeze"},
      {"frozen", "freeze"},
      {"gave", "give"},
      {"given", "give"},
      {"got", "get"},
      {"gotten", "get"},
      {"went", "go"},
      {"gone", "go"},
      {"grew", "grow"},
      {"grown", "grow"},
      {"hung", "hang"},
      {"heard", "hear"},
      {"hid", "hide"},
      {"hidden", "hide"},
      {"held", "hold"},
      {"kept", "keep"},
      {"knew", "know"},
      {"known", "know"},
      {"led", "lead"},
      {"lent", "lend"},
      {"lost", "lose"},
      {"made", "make"},
      {"meant", "mean"},
      {"met", "meet"},
      {"misled", "mislead"},
      {"overcame", "overcome"},
      {"paid", "pay"},
      {"ran", "run"},
      {"rode", "ride"},
      {"ridden", "ride"},
      {"rose", "rise"},
      {"risen", "rise"},
      {"sought", "seek"},
      {"saw", "see"},
      {"seen", "see"},
      {"sold", "sell"},
      {"sent", "send"},
      {"shook", "shake"},
      {"shaken", "shake"},
      {"shone", "shine"},
      {"shown", "show"},
      {"sang", "sing"},
      {"sung", "sing"},
      {"sank", "sink"},
      {"sunk", "sink"},
      {"sat", "sit"},
      {"slid", "slide"},
      {"spoke", "speak"},
      {"spoken", "speak"},
      {"spent", "spend"},
      {"spun", "spin"},
      {"sprang", "spring"},
      {"sprung", "spring"},
      {"stood", "stand"},
      {"stole", "steal"},
      {"stolen", "steal"},
      {"struck", "strike"},
      {"stuck", "stick"},
      {"strove", "strive"},
      {"striven", "strive"},
      {"swept", "sweep"},
      {"swore", "swear"},
      {"sworn", "swear"},
      {"swam", "swim"},
      {"swum", "swim"},
      {"swung", "swing"},
      {"took", "take"},
      {"taken", "take"},
      {"taught", "teach"},
      {"tore", "tear"},
      {"torn", "tear"},
      {"told", "tell"},
      {"thought", "think"},
      {"threw", "throw"},
      {"thrown", "throw"},
      {"understood", "understand"},
      {"undertook", "undertake"},
      {"undertaken", "undertake"},
      {"woke", "wake"},
      {"woken", "wake"},
      {"wore", "wear"},
      {"worn", "wear"},
      {"wove", "weave"},
      {"woven", "weave"},
      {"wept", "weep"},
      {"won", "win"},
      {"withdrew", "withdraw"},
      {"withdrawn", "withdraw"},
      {"wrote", "write"},
      {"written", "write"},
      // plurals
      {"people", "person"},
      {"men", "man"},
      {"women", "woman"},
      {"children", "child"},
      {"mice", "mouse"},
      {"feet", "foot"},
      {"teeth", "tooth"},
      {"geese", "goose"},
      {"criteria", "criterion"},
      {"phenomena", "phenomenon"},
  };
  return table;
}

}  // namespace

const std::vector<std::string_view>& answers_of(std::string_view key_name) {
  static const std::vector<std::string_view> none;
  const auto& table = key_answers();
  const auto it = table.find(key_name);
  return it == table.end() ? none : it->second;
}

std::vector<std::string> key_lines() {
  std::vector<std::string> out;
  for (const auto& [key, phrases] : key_answers()) {
    std::string line(key);
    line += ":";
    for (std::size_t k = 0; k < phrases.size(); ++k)
      line += (k ? ", \"" : " \"") + std::string(phrases[k]) + "\"";
    out.push_back(std::move(line));
  }
  return out;
}

const std::vector<std::string_view>& type_names() {
  static const std::vector<std::string_view> names = {"is_a", "type", "instance_of", "rdf:type"};
  return names;
}

std::string base_form(std::string_view lowercase_word) {
  const auto& table = irregular();
  const auto it = table.find(lowercase_word);
  return std::string(it == table.end() ? lowercase_word : it->second);
}

}  // namespace kg::engine::starter
