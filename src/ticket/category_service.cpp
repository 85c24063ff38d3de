#include "ticket/category_service.h"

#include "common/text.h"
#include "identity/policy.h"

namespace techdesk::ticket {

Result<std::vector<Category>> CategoryService::list(const identity::Principal&) {
  return m_store.read(
      [&](TicketTx& tx) -> Result<std::vector<Category>> { return tx.tickets().list_categories(); });
}

Result<Category> CategoryService::create(const identity::Principal& actor, const NewCategory& in) {
  if (!identity::can_administer(actor))
    return Error::forbidden("only an administrator may change categories");
  for (auto [value, field] : {std::pair{&in.name, "name"}, std::pair{&in.name_en, "name_en"}}) {
    if (!is_valid_utf8(*value) || has_control_chars(*value, false) || trim(*value).empty())
      return Error::invalid(field, std::string(field) + " must be non-empty plain text");
    if (value->find('/') != std::string::npos)
      return Error::invalid(field, std::string(field) + " must not contain '/'");
    if (utf8_length(*value) > 60)
      return Error::invalid(field, std::string(field) + " must have at most 60 characters");
  }
  return m_store.write([&](TicketTx& tx) -> Result<Category> {
    Category c;
    c.name = std::string(trim(in.name));
    c.name_en = std::string(trim(in.name_en));
    c.parent_id = in.parent_id;
    c.path = c.name;
    if (in.parent_id) {
      auto parent = tx.tickets().find_category(*in.parent_id);
      if (!parent) return Error::invalid("parent_id", "no category with id " + std::to_string(*in.parent_id));
      c.path = parent->path + "/" + c.name;
    }
    c.id = TD_TRY(tx.tickets().insert_category(c));
    return c;
  });
}

}  // namespace techdesk::ticket
