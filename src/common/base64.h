// URL-safe base64 without padding (RFC 4648 §5), for tokens and pagination cursors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace techdesk {

std::string base64url_encode(std::string_view bytes);
// nullopt when text holds a character outside the URL-safe alphabet or has an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);
std::string hex_encode(std::string_view bytes);

}  // namespace techdesk
