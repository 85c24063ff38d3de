// The category tree (软件 / 硬件 / 网络 / 其他 and their children): read by everyone, changed by admins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/tx.h"
#include "identity/types.h"
#include "ticket/ticket_store.h"

namespace techdesk::ticket {

struct NewCategory {
  std::string name;
  std::string name_en;
  std::optional<Id> parent_id;
};

class CategoryService {
 public:
  explicit CategoryService(TxRunner<TicketTx>& store) : m_store(store) {}

  Result<std::vector<Category>> list(const identity::Principal& actor);
  Result<Category> create(const identity::Principal& actor, const NewCategory& input);

 private:
  TxRunner<TicketTx>& m_store;
};

}  // namespace techdesk::ticket
