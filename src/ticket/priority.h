// Priority from impact × urgency (the ITIL matrix the department uses):
//
//                 urgency high   medium   low
//   impact high           P1     P2       P3
//   impact medium         P2     P3       P4
//   impact low            P3     P4       P4
#pragma once

#include "ticket/types.h"

namespace techdesk::ticket {

Priority priority_for(Level impact, Level urgency);

}  // namespace techdesk::ticket
