// A cycle's indicators as JSON: kept as one JSON text per cycle and sent on the wire in the same shape
// ({"key","name_zh","name_en","group","weight","source","metric"}). The reader names the field at fault
// ("indicators[2].weight"); what the values may be is checked by validate_indicators (review_rules.h).
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "common/error.h"
#include "report/review_types.h"

namespace techdesk::report {

boost::json::object indicator_to_json(const Indicator& ind);
boost::json::array indicators_to_json(const std::vector<Indicator>& list);
// Errors: invalid_field "indicators" (not a list, more than 30), "indicators[i]" (not an object),
// unknown_field "indicators[i].x", missing_field "indicators[i].key" …, invalid_field naming the member
// (a weight that is not an integer, an unknown group, source or metric).
Result<std::vector<Indicator>> indicators_from_json(const boost::json::value& v);

}  // namespace techdesk::report
