#include "engine/plan.hpp"

#include "store/store.hpp"

namespace kg::engine::plan {

table table_for(bool s, bool p, bool o) {
  const auto name = store::facts_table_for(s, p, o);
  return name == "facts_pos" ? table::pos : name == "facts_osp" ? table::osp : table::spo;
}

table edge_table(const pattern& p, const edge& e) {
  const bool s = p.s.constant.has_value(), o = p.o.constant.has_value();
  return table_for(e.swapped ? o : s, true, e.swapped ? s : o);
}

std::string_view table_name(table t) {
  switch (t) {
    case table::pos:
      return "facts_pos";
    case table::osp:
      return "facts_osp";
    case table::spo:
      break;
  }
  return "facts";
}

}  // namespace kg::engine::plan
