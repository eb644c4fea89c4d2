// Running the statements other than queries, from their plans (bind.hpp):
// add, remove and import change the store, each in one transaction; why
// lists the statements of a fact.
#pragma once

#include "engine/plan.hpp"
#include "engine/run.hpp"

namespace kg::engine {

change_report apply(store::triple_store& store, const plan::add& a);
change_report apply(store::triple_store& store, const plan::remove& r);
// An unreadable file is an error at the file name's position.
change_report apply(store::triple_store& store, const plan::import& imp);
table run_why(store::database& db, const plan::why& w);

}  // namespace kg::engine
